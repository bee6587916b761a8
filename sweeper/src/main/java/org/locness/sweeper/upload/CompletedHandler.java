package org.locness.sweeper.upload;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.locness.events.InvalidEventException;
import org.locness.events.id.NodeName;
import org.locness.events.inference.InferenceCompleted;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.RecordHandler;
import org.locness.sweeper.metrics.SweeperMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one {@code inference.completed} record for the commit-after-work loop. Events of other
 * nodes are skipped: their files live on another machine, where that node's sweeper takes them.
 */
public final class CompletedHandler implements RecordHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CompletedHandler.class);
    private static final EventCodec<InferenceCompleted> CODEC = EventCodec.of(InferenceCompleted.class);

    private final NodeName node;
    private final ResultStager stager;
    private final SweeperMetrics metrics;

    public CompletedHandler(NodeName node, ResultStager stager, SweeperMetrics metrics) {
        this.node = node;
        this.stager = stager;
        this.metrics = metrics;
    }

    @Override
    public void handle(ConsumerRecord<String, byte[]> record) throws Exception {
        InferenceCompleted event = CODEC.parse(record.value());
        if (!event.node().equals(node)) {
            metrics.skipped();
            LOG.debug("skipped {}/{} of node {} at {}-{}@{}", event.jobId(), event.model(), event.node(),
                    record.topic(), record.partition(), record.offset());
            return;
        }
        try {
            stager.stage(event);
        } catch (InvalidEventException e) {
            throw e;
        } catch (Exception e) {
            metrics.retried();
            throw e;
        }
    }
}
