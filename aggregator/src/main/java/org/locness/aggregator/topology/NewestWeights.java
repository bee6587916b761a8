package org.locness.aggregator.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.locness.events.InvalidEventException;
import org.locness.events.json.EventCodec;
import org.locness.events.weights.EnsembleWeights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global store of {@code weights.current} (group → newest {@link EnsembleWeights}) that
 * every consensus task reads. A record older than the one held (a lower version) is ignored, so a
 * replay cannot move a group back. An unreadable record is skipped: the scores application is its
 * only producer, and a consensus from the file weights is always valid.
 */
final class NewestWeights implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(NewestWeights.class);
    private static final EventCodec<EnsembleWeights> CODEC = EventCodec.of(EnsembleWeights.class);

    private KeyValueStore<String, EnsembleWeights> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(ConsensusTopology.WEIGHTS_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        EnsembleWeights weights;
        try {
            weights = CODEC.parse(record.value());
        } catch (InvalidEventException e) {
            LOG.warn("unreadable weights.current record (key {}) skipped: {}", record.key(), e.getMessage());
            return;
        }
        EnsembleWeights held = store.get(weights.group());
        if (held == null || held.version() < weights.version()) {
            store.put(weights.group(), weights);
        }
    }
}
