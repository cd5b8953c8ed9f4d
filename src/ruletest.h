/*
 * ruletest.h - `utdrag rules test` and `utdrag rules lint`.
 *
 * test runs every rule's examples and counter-examples through the same
 * stages as an article (normalize, match, splits and filters), like a
 * test runner: failures located to FILE:LINE with what was expected and
 * what came out, then "N passed, N failed" on standard output.  A rule
 * without an example fails.  lint warns about named patterns and lists
 * that no rule uses, and rules without a counter-example.
 */
/* SPDX-License-Identifier: MIT */
#ifndef RULETEST_H
#define RULETEST_H

#include <stdbool.h>

#include "rules.h"

/* True if every example passed. */
bool ruletest_run(const struct rule_set *rs);
/* Returns the number of warnings. */
unsigned long ruletest_lint(const struct rule_set *rs);

#endif
