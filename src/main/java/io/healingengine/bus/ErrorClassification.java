package io.healingengine.bus;

/** What the error taxonomy made of one reported error: its failure class and the row (rule) that said so. */
public record ErrorClassification(String service, String failureClass, String rule) {
}
