package org.locness.lake.bootstrap;

import io.minio.messages.EventType;
import io.minio.messages.NotificationCommonConfiguration;
import io.minio.messages.NotificationConfiguration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One notification rule of a bucket, in a form that compares by meaning: the rule's id and the order
 * of its events and filters do not matter (a server may drop the id or reorder the rest).
 *
 * @param events event names, sorted, each once
 * @param filters filter rules as {@code name=value}, sorted; empty for the whole bucket
 */
record NotificationRule(Kind kind, String target, List<String> events, List<String> filters)
        implements Comparable<NotificationRule> {

    enum Kind { QUEUE, TOPIC, CLOUD_FUNCTION }

    private static final Comparator<NotificationRule> ORDER = Comparator.comparing(NotificationRule::kind)
            .thenComparing(NotificationRule::target)
            .thenComparing(r -> String.join(",", r.events()))
            .thenComparing(r -> String.join(",", r.filters()));

    NotificationRule {
        events = sortedDistinct(events);
        filters = sortedDistinct(filters);
    }

    /** The rules of a configuration as a sorted set, so two configurations compare with {@code equals}. */
    static Set<NotificationRule> of(NotificationConfiguration configuration) {
        return Stream.of(
                        configuration.queueConfigurationList().stream().map(q -> rule(Kind.QUEUE, q.queue(), q)),
                        configuration.topicConfigurationList().stream().map(t -> rule(Kind.TOPIC, t.topic(), t)),
                        configuration.cloudFunctionConfigurationList().stream()
                                .map(c -> rule(Kind.CLOUD_FUNCTION, c.cloudFunction(), c)))
                .flatMap(s -> s)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** A readable list of rules, or "none". */
    static String describe(Set<NotificationRule> rules) {
        return rules.isEmpty() ? "none" : rules.stream().map(NotificationRule::toString).collect(Collectors.joining("; "));
    }

    private static NotificationRule rule(Kind kind, String target, NotificationCommonConfiguration common) {
        return new NotificationRule(kind, String.valueOf(target),
                common.events().stream().map(EventType::toString).toList(),
                common.filterRuleList().stream().map(f -> f.name() + "=" + f.value()).toList());
    }

    private static List<String> sortedDistinct(Collection<String> values) {
        return values.stream().distinct().sorted().toList();
    }

    @Override
    public int compareTo(NotificationRule other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        String scope = filters.isEmpty() ? "whole bucket" : "objects with " + String.join(", ", filters);
        return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + target + " on "
                + String.join(", ", events) + " (" + scope + ")";
    }
}
