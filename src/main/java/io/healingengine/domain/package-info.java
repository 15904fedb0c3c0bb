/**
 * The fact model: plain Java objects that the rules match and insert. No Vert.x, no Jackson, no I/O,
 * no Drools types. Facts that the rules modify have getters and setters (Drools property reactivity
 * needs JavaBean accessors); everything else is immutable.
 */
package io.healingengine.domain;
