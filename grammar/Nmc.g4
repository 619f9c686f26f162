// Nmc.g4 - lexer and parser of the .nmc modelling language.
//
// Alternatives are labelled so that frontend/AstBuilder dispatches on node
// types, never on child counts. The parse tree never leaves frontend/.
grammar Nmc;

file : item* EOF ;

item
  : deviceDecl
  | paramDecl
  | populationDecl
  | waveformDecl
  | applyDecl
  | probeDecl
  | experimentDecl
  ;

// ---- devices ---------------------------------------------------------------
deviceDecl : 'device' name=ID '{' deviceMember* '}' ;

deviceMember
  : paramDecl                                    # DeviceParam
  | stateDecl                                    # DeviceState
  | 'let' name=ID '=' expr ';'                   # DeviceLet
  | deriv=ID '/' dt=ID '=' expr ';'              # DeviceOde
  | name=ID '=' expr ';'                         # DeviceLaw
  ;

paramDecl : 'param' name=ID (':' unitExpr)? '=' expr range? ';' ;
stateDecl : 'state' name=ID (':' unitExpr)? '=' expr range? ';' ;

range : 'in' lo=('[' | '(') lower=expr ',' upper=expr hi=(']' | ')') ;

// ---- model-level declarations ----------------------------------------------
populationDecl
  : 'population' name=ID '=' device=ID '[' size=expr ']'
    ('(' (override (',' override)*)? ')')? ';'
  ;
override : name=ID '=' expr ;

waveformDecl : 'waveform' name=ID '=' expr ';' ;

applyDecl : 'apply' expr 'to' target=ID ';' ;

probeDecl
  : 'probe' name=ID '=' target=ID ('[' first=expr (':' last=expr)? ']')?
    '(' ID (',' ID)* ')' ('every' interval=expr)? ';'
  ;

experimentDecl : 'experiment' '{' setting* '}' ;
setting : name=ID '=' expr ';' ;

// ---- units -----------------------------------------------------------------
unitExpr : unitTerm (('*' | '/') unitTerm)* ;
unitTerm
  : ID ('^' '-'? NUMBER)?                        # UnitName
  | NUMBER                                       # UnitOne
  | '(' unitExpr ')'                             # UnitParen
  ;

// ---- expressions (highest precedence first) --------------------------------
expr
  : primary                                      # PrimaryExpr
  | <assoc=right> expr op='^' expr               # PowExpr
  | op=('-' | '+' | '!') expr                    # UnaryExpr
  | expr op=('*' | '/') expr                     # MulExpr
  | expr op=('+' | '-') expr                     # AddExpr
  | expr op=('<' | '<=' | '>' | '>=') expr       # CmpExpr
  | expr op=('==' | '!=') expr                   # EqExpr
  | expr op='&&' expr                            # AndExpr
  | expr op='||' expr                            # OrExpr
  | 'if' cond=expr 'then' then=expr 'else' other=expr   # IfExpr
  ;

primary
  : NUMBER (ID | '[' unitExpr ']')?              # NumberLit
  | callee=ID '(' (arg (',' arg)*)? ')'          # CallExpr
  | ID                                           # NameExpr
  | '(' expr ')'                                 # ParenExpr
  ;

arg : (name=ID '=')? expr ;

// ---- tokens ----------------------------------------------------------------
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
