// Rule engine II (src/services/rules, docs/rules-graph.md): stored rule sets and the derived
// facts that are not relationships (unary, n-ary, non-entity arguments, aggregates).
// Derived relationships are indexed on id per type when a rule set first writes that type.
CREATE CONSTRAINT rule_set_name IF NOT EXISTS FOR (n:RuleSet) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT derived_fact_id IF NOT EXISTS FOR (n:DerivedFact) REQUIRE n.id IS UNIQUE;
// Maintenance reads one rule set's derived facts at a time.
CREATE INDEX derived_fact_rule_set IF NOT EXISTS FOR (n:DerivedFact) ON (n.ruleSet);
