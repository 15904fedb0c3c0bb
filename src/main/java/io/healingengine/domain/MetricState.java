package io.healingengine.domain;

import java.util.Objects;

/**
 * The current value of one metric of one service. One fact per (service, metric), updated in place by
 * every signal, so working memory grows with services × metrics and never with the signal rate.
 */
public class MetricState {
    private final String serviceId;
    private final String metric;
    private double value;
    private long updatedAt;
    private long samples;

    public MetricState(String serviceId, String metric, double value, long updatedAt) {
        this.serviceId = Objects.requireNonNull(serviceId, "serviceId");
        this.metric = Objects.requireNonNull(metric, "metric");
        this.value = value;
        this.updatedAt = updatedAt;
        this.samples = 1;
    }

    public String getServiceId() {
        return serviceId;
    }

    public String getMetric() {
        return metric;
    }

    public double getValue() {
        return value;
    }

    public void setValue(double value) {
        this.value = value;
    }

    /** Engine time (ms) of the last signal for this metric. */
    public long getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(long updatedAt) {
        this.updatedAt = updatedAt;
    }

    public long getSamples() {
        return samples;
    }

    public void setSamples(long samples) {
        this.samples = samples;
    }

    /** Applies one new observation. */
    public void observe(double newValue, long at) {
        this.value = newValue;
        this.updatedAt = at;
        this.samples++;
    }

    @Override
    public String toString() {
        return serviceId + "/" + metric + "=" + value;
    }
}
