"""govlint: a governance policy-as-code linter.

Data flows one way: files -> documents -> rules -> findings -> exceptions -> reports / score.
Each stage is one subpackage; ``govlint.cli`` is a thin layer of click commands on top.
"""

__version__ = "0.1.0"
