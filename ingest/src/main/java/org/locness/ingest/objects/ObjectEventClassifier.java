package org.locness.ingest.objects;

import org.locness.events.InvalidEventException;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.lake.LakeKeys;
import org.locness.events.s3.S3ObjectEvent;

/**
 * Decides what one lake object event means for ingest: an object created under
 * {@code pre-swept/<SYMBOL>/} (in the lake's bucket) asks for a job for that symbol; everything
 * else — other prefixes, other buckets, deletes — is ignored.
 */
public final class ObjectEventClassifier {
    private final String bucket;

    public ObjectEventClassifier(String bucket) {
        this.bucket = bucket;
    }

    /** What an event asks for: a job for {@code symbol} ({@code triggers}), or nothing. */
    public record Classified(S3ObjectEvent event, boolean triggers, Symbol symbol) {
        static Classified ignored(S3ObjectEvent event) {
            return new Classified(event, false, null);
        }
    }

    /**
     * Throws {@link InvalidEventException} for a new object under {@code pre-swept/} whose folder is
     * not a symbol or whose key could never be moved: somebody uploaded to the wrong place, and the
     * DLQ is where an operator will see it.
     */
    public Classified classify(S3ObjectEvent event) {
        if (!event.kind().created() || !bucket.equals(event.bucket()) || !event.key().startsWith(LakeKeys.PRE_SWEPT)) {
            return Classified.ignored(event);
        }
        String rest = event.key().substring(LakeKeys.PRE_SWEPT.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            return Classified.ignored(event);
        }
        Symbol symbol;
        try {
            symbol = Symbol.of(rest.substring(0, slash));
            ObjectKey.of(event.key());
        } catch (InvalidEventException e) {
            throw new InvalidEventException("key", "pre-swept object '" + event.key() + "' cannot be a job's input: "
                    + e.getMessage(), e);
        }
        return new Classified(event, true, symbol);
    }
}
