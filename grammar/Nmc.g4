// Nmc.g4 - lexer and parser of the .nmc modelling language.
//
// Alternatives are labelled so that frontend/AstBuilder dispatches on node
// types, never on child counts. The parse tree never leaves frontend/.
// docs/LANGUAGE.md describes every construct; test/parse dumps each one.
grammar Nmc;

file : item* EOF ;

item
  : importDecl
  | presetDecl
  | deviceDecl
  | circuitDecl
  | neuronDecl
  | ruleDecl
  | arrayDecl
  | paramDecl
  | populationDecl
  | waveformDecl
  | functionDecl
  | applyDecl
  | probeDecl
  | projectionDecl
  | stimulusDecl
  | networkDecl
  | experimentDecl
  ;

importDecl : 'import' path=STRING ';' ;

// ---- devices, neurons and rules share their members -------------------------
deviceDecl : 'device' name=ID '{' member* '}' ;
neuronDecl : 'neuron' name=ID '{' member* '}' ;
ruleDecl : 'rule' name=ID '{' member* '}' ;

// A preset: the base device or neuron with other parameter defaults,
// `device TaOxHfOx = NeuroSim(G_min = 100 nS, G_max = 10 uS);`.
presetDecl
  : kind=('device' | 'neuron') name=ID '=' base=ID '(' (override (',' override)*)? ')' ';'
  ;

member
  : paramDecl                                            # ParamMember
  | stateDecl                                            # StateMember
  | 'let' name=ID '=' expr ';'                           # LetMember
  | 'terminals' ID (',' ID)* ';'                         # TerminalsMember
  | 'input' name=ID (':' unitExpr)? ';'                  # InputMember
  | deriv=ID '/' dt=ID '=' expr ';'                      # OdeMember
  | name=ID ('(' from=ID ',' to=ID ')')? '=' expr ';'    # LawMember
  | 'on' trigger '{' stmt* '}'                           # EventMember
  | 'compliance' expr ';'                                # ComplianceMember
  | 'method' name=ID ';'                                 # MethodMember
  | kind=('vary' | 'noise' | 'rtn' | 'drift' | 'relax') target=ID '~' dist=call
    ('per' scope=('device' | ID))? ';'                   # NonidealityMember
  | spikeDecl                                            # SpikeMember
  ;

paramDecl : 'param' name=ID (':' unitExpr)? '=' expr range? ';' ;
stateDecl : 'state' name=ID (':' unitExpr)? '=' expr range? ';' ;

range : 'in' lo=('[' | '(') lower=expr ',' upper=expr hi=(']' | ')') ;

// `on pre`, `on post` (rules) or `on <condition>` (a threshold crossing).
trigger : expr ;

stmt : assign ';' ;
// A dotted target names a state inside a circuit: `on pre { S1.I += w; }`.
assign : target=assignTarget op=('=' | '+=' | '-=' | '*=' | '/=') expr ;
assignTarget : ID ('.' ID)* ;

spikeDecl
  : 'spike' (name=ID)? 'when' cond=expr
    ('reset' assign (',' assign)*)? ('refractory' refractory=expr)? ';'
  ;

// ---- circuits ----------------------------------------------------------------
circuitDecl : 'circuit' name=ID '{' circuitMember* '}' ;

circuitMember
  : paramDecl                                            # CircuitParam
  | 'node' ID (',' ID)* ';'                              # CircuitNodes
  | 'port' ID (',' ID)* ';'                              # CircuitPorts
  | name=ID ':' kind=ID '(' (arg (',' arg)*)? ')' ';'    # CircuitElement
  | spikeDecl                                            # CircuitSpike
  ;

// ---- arrays -------------------------------------------------------------------
arrayDecl
  : 'array' name=ID '=' device=ID '[' rows=expr ',' cols=expr ']'
    ('{' setting* '}' | ';')
  ;

// ---- model-level declarations ------------------------------------------------
populationDecl
  : 'population' name=ID '=' device=ID '[' size=expr ']'
    ('(' (override (',' override)*)? ')')? ';'
  ;
override : name=ID '=' expr ;

waveformDecl : 'waveform' name=ID '=' expr ';' ;

// A pure function of its arguments, expanded at each call with the
// arguments' units: `function window(x, p) = 1 - (2 * x - 1)^(2 * p);`
functionDecl : 'function' name=ID '(' (ID (',' ID)*)? ')' '=' expr ';' ;

applyDecl : 'apply' expr 'to' target=ID ('.' terminal=ID)? ';' ;

probeDecl
  : kw=('probe' | 'monitor') name=ID '=' target=ID
    ('[' first=expr (':' last=expr)? ']')?
    '(' probeVar (',' probeVar)* ')' ('every' interval=expr)? ';'
  ;
// A dotted path names a part of a circuit: `M1.s`, `R1.i`, `X1.out`.
probeVar : ID ('.' ID)* | 'spike' ;

projectionDecl
  : 'projection' name=ID '=' source=ID '->' dest=ID
    ('through' via=ID)? ('with' ruleName=ID)? ('(' (override (',' override)*)? ')')?
    ('{' projectionMember* '}' | ';')
  ;
// `connect = probability(p = 0.02);`, `weight = 0.6 nS;`, `on pre { ge += w; }`
projectionMember
  : setting                                              # ProjectionSetting
  | 'on' trigger '{' stmt* '}'                           # ProjectionEvent
  ;

stimulusDecl : 'stimulus' name=ID '=' call ';' ;

networkDecl
  : 'network' name=ID '{'
    (populationDecl | projectionDecl | stimulusDecl | probeDecl | applyDecl)* '}'
  ;

experimentDecl : 'experiment' '{' (setting | sweep)* '}' ;
setting : name=ID '=' expr ';' ;
sweep : 'sweep' name=ID '=' expr ';' ;

// ---- units -------------------------------------------------------------------
unitExpr : unitTerm (('*' | '/') unitTerm)* ;
unitTerm
  : ID ('^' '-'? NUMBER)?                                # UnitName
  | NUMBER                                               # UnitOne
  | '(' unitExpr ')'                                     # UnitParen
  ;

// ---- expressions (highest precedence first) ----------------------------------
expr
  : primary                                              # PrimaryExpr
  | <assoc=right> expr op='^' expr                       # PowExpr
  | op=('-' | '+' | '!') expr                            # UnaryExpr
  | expr op=('*' | '/') expr                             # MulExpr
  | expr op=('+' | '-') expr                             # AddExpr
  | expr op=('<' | '<=' | '>' | '>=') expr               # CmpExpr
  | expr op=('==' | '!=') expr                           # EqExpr
  | expr op='&&' expr                                    # AndExpr
  | expr op='||' expr                                    # OrExpr
  | 'if' cond=expr 'then' then=expr 'else' other=expr    # IfExpr
  ;

primary
  // `1e-18 m^2` is 1e-18 square metres, not (1e-18 m)^2.
  : NUMBER (ID ('^' '-'? NUMBER)? | '[' unitExpr ']')?   # NumberLit
  | STRING                                               # StringLit
  | call                                                 # CallExpr
  | ID                                                   # NameExpr
  | '(' expr ')'                                         # ParenExpr
  ;

call : callee=ID '(' (arg (',' arg)*)? ')' ;
arg : (name=ID '=')? expr ;

// ---- tokens ------------------------------------------------------------------
NUMBER : DIGITS ('.' DIGITS?)? EXPONENT? | '.' DIGITS EXPONENT? ;
fragment DIGITS : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;
ID : [a-zA-Z_] [a-zA-Z_0-9]* ;
STRING : '"' (~["\\\r\n] | '\\' .)* '"' ;
LINE_COMMENT : '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
WS : [ \t\r\n]+ -> skip ;
// Any other character becomes one token so that the parser, not the lexer,
// reports it with a location.
ERROR_CHAR : . ;
