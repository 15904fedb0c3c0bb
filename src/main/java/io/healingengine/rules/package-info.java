/**
 * The only package that imports org.kie / org.drools: compiling rule sources into a KieContainer
 * (executable model), and {@link io.healingengine.rules.RuleSession}, the single-threaded wrapper of the
 * stateful STREAM-mode KieSession. Depends on domain only.
 */
package io.healingengine.rules;
