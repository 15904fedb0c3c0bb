package io.healingengine.rules;

/** Told about every fact that enters, changes in, or leaves (including by expiry) working memory. */
public interface FactChangeListener {
    void inserted(Object fact);

    void updated(Object fact);

    void deleted(Object fact);
}
