package io.healingengine.rules;

import java.util.List;

/** Told about every rule firing: the rule's name and the facts it matched. */
@FunctionalInterface
public interface RuleFiringListener {
    void ruleFired(String rule, List<Object> matched);

    RuleFiringListener NONE = (rule, matched) -> { };
}
