package io.kvroute.kv.rule;

/**
 * One node of a parsed routing rule: a matcher call or a boolean combination of nodes. Both rule syntaxes parse into
 * this one tree; every node is an immutable record, so equal rules give equal trees.
 */
public sealed interface RuleExpr permits And, Or, Not, Match {
}
