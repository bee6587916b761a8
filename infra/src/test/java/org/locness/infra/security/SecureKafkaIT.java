package org.locness.infra.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.topic.Component;
import org.locness.events.topic.Topic;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.infra.embedded.StackOptions;
import org.locness.infra.embedded.StrimziKafkaUsers;
import org.slf4j.LoggerFactory;

/**
 * The embedded broker secured as in production, from the repository's KafkaUser CRs: each
 * component's user can do exactly what the {@link Component} table says the component does, and is
 * refused what another component does.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SecureKafkaIT {
    static final Path USERS = Path.of("").toAbsolutePath().getParent().resolve("strimzi/users.yaml");

    private static Path dir;
    private static EmbeddedStack stack;
    private static List<ILoggingEvent> startLog;

    @BeforeAll
    static void startSecuredStack() throws Exception {
        dir = Files.createTempDirectory("locness-secure-");
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level level = root.getLevel();
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        root.setLevel(Level.INFO);
        try {
            stack = EmbeddedStack.start(StackOptions.ephemeral(dir, false).withSecureKafka(USERS));
        } finally {
            root.setLevel(level);
            root.detachAppender(log);
        }
        startLog = List.copyOf(log.list);
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    private static KafkaClientProbe as(Component component) {
        return new KafkaClientProbe(stack.kafkaSettings(StrimziKafkaUsers.userName(component)));
    }

    /** A concrete group of the component: prefixes get a suffix, as the components add a model or a node. */
    private static String group(Component component) {
        String group = component.groupPrefixes().get(0);
        return group.endsWith("-") ? group + "it" : group;
    }

    private static Set<String> ownTopics(Component component) {
        Set<String> own = new TreeSet<>();
        component.writes().forEach(t -> own.add(t.topicName()));
        component.reads().forEach(t -> own.add(t.dlqName()));
        return own;
    }

    @TestFactory
    Stream<DynamicTest> eachComponentWritesItsTopicsAndTheDeadLettersOfWhatItReads() {
        return Stream.of(Component.values()).filter(c -> !c.readsDeadLetters()).flatMap(component ->
                ownTopics(component).stream().map(topic -> DynamicTest.dynamicTest(component + " writes " + topic,
                        () -> as(component).produce(topic))));
    }

    @TestFactory
    Stream<DynamicTest> eachComponentConsumesWhatItReadsInEachOfItsGroups() {
        return Stream.of(Component.values()).filter(c -> !c.reads().isEmpty()).flatMap(component ->
                component.groupPrefixes().stream().map(prefix -> DynamicTest.dynamicTest(component + " in " + prefix, () -> {
                    String group = prefix.endsWith("-") ? prefix + "it" : prefix;
                    List<String> topics = new ArrayList<>(component.reads().stream().map(Topic::topicName).toList());
                    if (component.readsDeadLetters()) {
                        component.reads().forEach(t -> topics.add(t.dlqName()));
                    }
                    as(component).consume(group, topics);
                })));
    }

    @Test
    void ingestAndTheAggregatorCommitTransactionsUnderTheirOwnIds() throws Exception {
        as(Component.INGEST).produceTransactionally(Component.INGEST.transactionalIdPrefixes().get(0) + "it-0",
                Topic.JOBS_READY.topicName());
        // exactly_once_v2 ids: "<application.id>-<process id>-<thread>".
        as(Component.AGGREGATOR).produceTransactionally(Component.aggregatorApplicationId() + "-it-1",
                Topic.PREDICTIONS_CONSENSUS.topicName());
    }

    @Test
    void theAggregatorCreatesItsStreamsInternalTopicsAndNobodyElseDoes() throws Exception {
        as(Component.AGGREGATOR).createTopic(Component.aggregatorApplicationId() + "-it-store-changelog");

        assertThrows(TopicAuthorizationException.class,
                () -> as(Component.INGEST).createTopic(Component.aggregatorApplicationId() + "-it-other-changelog"));
        assertThrows(TopicAuthorizationException.class, () -> as(Component.AGGREGATOR).createTopic("jobs.other"));
    }

    @TestFactory
    Stream<DynamicTest> noComponentWritesATopicItDoesNotOwn() {
        return Stream.of(Component.values()).map(component -> DynamicTest.dynamicTest(component.toString(), () -> {
            Set<String> own = ownTopics(component);
            for (Topic topic : Topic.values()) {
                for (String name : List.of(topic.topicName(), topic.dlqName())) {
                    if (!own.contains(name)) {
                        assertThrows(TopicAuthorizationException.class, () -> as(component).produce(name),
                                component + " wrote " + name);
                    }
                }
            }
        }));
    }

    @Test
    void aComponentCannotJoinAnothersGroupNorReadAnothersTopic() {
        assertThrows(GroupAuthorizationException.class, () -> as(Component.INGEST)
                .consume(Component.aggregatorApplicationId(), List.of(Topic.JOBS_REQUESTED.topicName())));
        assertThrows(GroupAuthorizationException.class, () -> as(Component.SWEEPER)
                .consume(group(Component.INFERENCE_NODE), List.of(Topic.INFERENCE_COMPLETED.topicName())));
        assertThrows(GroupAuthorizationException.class, () -> as(Component.AGGREGATOR)
                .consume(Component.ingestJobsGroup(), List.of(Topic.JOBS_READY.topicName())));
        assertThrows(TopicAuthorizationException.class, () -> as(Component.SWEEPER)
                .consume(group(Component.SWEEPER), List.of(Topic.RESULTS_STAGED.topicName())));
        assertThrows(TopicAuthorizationException.class, () -> as(Component.INFERENCE_NODE)
                .consume(group(Component.INFERENCE_NODE), List.of(Topic.JOBS_REQUESTED.topicName())));
    }

    @Test
    void aComponentCannotUseAnothersTransactionalIds() {
        assertThrows(TransactionalIdAuthorizationException.class, () -> as(Component.INGEST)
                .produceTransactionally(Component.aggregatorApplicationId() + "-it-2", Topic.JOBS_READY.topicName()));
        assertThrows(TransactionalIdAuthorizationException.class, () -> as(Component.AGGREGATOR)
                .produceTransactionally(Component.INGEST.transactionalIdPrefixes().get(0) + "it-3",
                        Topic.PREDICTIONS_CONSENSUS.topicName()));
        assertThrows(TransactionalIdAuthorizationException.class, () -> as(Component.SWEEPER)
                .produceTransactionally("sweeper-it", Topic.RESULTS_STAGED.topicName()));
    }

    @Test
    void theOperatorSeesEveryTopicAndItsDeadLettersWhileAComponentSeesOnlyItsOwn() throws Exception {
        Set<String> all = new TreeSet<>();
        for (Topic topic : Topic.values()) {
            all.add(topic.topicName());
            all.add(topic.dlqName());
        }
        assertEquals(EmbeddedStack.OPERATOR, stack.kafkaSettings().username());
        assertTrue(new KafkaClientProbe(stack.kafkaSettings()).listTopics().containsAll(all));

        Collection<String> dailyPrep = as(Component.DAILY_PREP).listTopics();
        assertEquals(Set.of(Topic.CONTEXT_DAILY_READY.topicName()), Set.copyOf(dailyPrep));
    }

    @Test
    void aWrongPasswordAndAnUnknownUserAreRefused() {
        KafkaSettings ingest = stack.kafkaSettings(StrimziKafkaUsers.userName(Component.INGEST));
        KafkaSettings wrong = new KafkaSettings(ingest.bootstrap(), ingest.username(), ingest.password() + "x");
        KafkaSettings unknown = new KafkaSettings(ingest.bootstrap(), "intruder", ingest.password());

        assertThrows(SaslAuthenticationException.class, () -> new KafkaClientProbe(wrong).listTopics());
        assertThrows(SaslAuthenticationException.class, () -> new KafkaClientProbe(unknown).produce(Topic.JOBS_READY.topicName()));
    }

    @Test
    void everyUserHasItsOwnPasswordAndNoneIsLoggedOrWrittenToTheDataDir() throws Exception {
        List<String> passwords = StrimziKafkaUsers.read(USERS).stream()
                .map(u -> stack.kafkaSettings(u.name()).password()).toList();
        assertEquals(7, passwords.size());
        assertEquals(passwords.size(), Set.copyOf(passwords).size());

        assertFalse(startLog.isEmpty(), "the broker's start was not captured");
        for (ILoggingEvent event : startLog) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
            assertFalse(line.contains("password=\""), "a password in the log: " + event.getLoggerName());
            passwords.forEach(p -> assertFalse(line.contains(p), "a user's password in the log: " + event.getLoggerName()));
        }
        String serverProperties = Files.readString(dir.resolve("kafka").resolve("server.properties"));
        assertFalse(serverProperties.contains("jaas"), serverProperties);
        assertTrue(serverProperties.contains("StandardAuthorizer"), serverProperties);
    }
}
