package org.locness.ingest.daily.workflow;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Temporal's SDK counts successful workflows as {@code temporal_workflow_completed} and failures
 * under their own names. The operator's dashboards (the seed's
 * {@code rate(temporal_workflow_completed_total{status="success"}[5m])}) expect a status label,
 * so the completed counter carries {@code status="success"}.
 */
final class WorkflowOutcomeTag {
    static final String COMPLETED = "temporal_workflow_completed";

    static final MeterFilter FILTER = new MeterFilter() {
        @Override
        public Meter.Id map(Meter.Id id) {
            return COMPLETED.equals(id.getName()) && id.getTag("status") == null ? id.withTag(Tag.of("status", "success")) : id;
        }
    };

    private WorkflowOutcomeTag() {
    }
}
