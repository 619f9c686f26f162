# lit configuration shared by every suite under test/.
import os
import lit.formats

config.name = "nmc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".nmc", ".test", ".nir"]
config.excludes = ["Inputs"]

site = lit_config.params.get("nmc_site_config")
if site is None:
    lit_config.fatal("run the suites through ctest (needs --param nmc_site_config=...)")
lit_config.load_config(config, site)

config.test_source_root = os.path.dirname(__file__)
# Outputs (%t) go to the build tree, never into the sources.
config.test_exec_root = config.nmc_test_exec_root
config.environment["PATH"] = os.pathsep.join(
    [config.nmc_bin_dir, config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])
config.environment["OMP_NUM_THREADS"] = "2"
config.substitutions.append(("%nmc", os.path.join(config.nmc_bin_dir, "nmc")))
config.substitutions.append(("%python", config.python))
# Test tools built with the unit tests (test/unit/CMakeLists.txt).
config.substitutions.append(
    ("%crossbar-solve", os.path.join(config.nmc_build_dir, "test", "unit", "nmc-crossbar-solve")))
# Debian's own interpreter, where python3-brian (the Brian2 reference) lives.
config.substitutions.append(("%debpython", "/usr/bin/python3"))
config.substitutions.append(("%tools", os.path.join(config.nmc_source_dir, "test", "tools")))
config.substitutions.append(("%examples", os.path.join(config.nmc_source_dir, "examples")))
