"""Rules: load rulesets, match JSONPath queries in one walk, call functions."""
