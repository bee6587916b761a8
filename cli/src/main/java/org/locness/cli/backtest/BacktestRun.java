package org.locness.cli.backtest;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.locness.cli.demo.LocalPipeline;
import org.locness.cli.demo.ProgressWatcher;
import org.locness.events.id.JobId;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.JobRequested;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.lake.LakeKeys;
import org.locness.ingest.daily.workflow.DailyPrepResult;
import org.locness.ingest.submit.JobSubmitter;
import org.locness.lake.s3.Lake;

/**
 * Drives a seeded pipeline through the backtest's days, one at a time, the way the days would have
 * come: at the start of day d the daily prep prepares d's context; then each symbol's bars of d
 * arrive in {@code pre-swept/} and a job for d is requested through Kafka; the day ends when every
 * job has its consensus and its outcome and the scores and weights have learned from them all, so
 * the adaptive weights a job of day d uses learned only from outcomes before d.
 *
 * <p>One day's pre-swept files at a time: ingest gives a job every object under its symbol's
 * {@code pre-swept/} folder and archives them under the job's date, so a later day's file waiting
 * there would become an earlier job's input.
 */
final class BacktestRun {
    private static final Duration POLL = Duration.ofMillis(200);
    /** A changed progress line is shown at most this often; an unchanged one again after {@link #HEARTBEAT}. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    private static final Duration HEARTBEAT = Duration.ofSeconds(20);

    /** A day that did not finish in time: what it was still waiting for. */
    static final class DayTimeoutException extends RuntimeException {
        DayTimeoutException(String message) {
            super(message);
        }
    }

    private final BacktestPlan plan;
    private final List<Symbol> symbols;
    private final Duration dayTimeout;
    private final PrintStream progress;
    private final long started;

    BacktestRun(BacktestPlan plan, List<Symbol> symbols, Duration dayTimeout, PrintStream progress, long started) {
        this.plan = plan;
        this.symbols = List.copyOf(symbols);
        this.dayTimeout = dayTimeout;
        this.progress = progress;
        this.started = started;
    }

    /** Runs every day; returns what the scores and weights topics hold at the end. */
    BacktestResults run(KafkaSettings kafka, LocalPipeline pipeline, Lake lake) {
        List<JobId> jobsSoFar = new ArrayList<>();
        try (ProgressWatcher watcher = new ProgressWatcher(kafka);
                LearningWatcher learning = new LearningWatcher(kafka);
                JobSubmitter submitter = JobSubmitter.connect(kafka, Duration.ofSeconds(60))) {
            int dayNumber = 0;
            for (TradingDate day : plan.days()) {
                dayNumber++;
                DailyPrepResult prep = pipeline.dailyPrep().runNow(day);
                List<JobId> dayJobs = new ArrayList<>();
                for (Symbol symbol : symbols) {
                    lake.copy(LakeKeys.marketData(symbol, day), LakeKeys.preSwept(symbol, day.value() + "-bars.parquet"));
                    JobId job = submitter.submit(new JobRequested(symbol, day, null, null))
                            .orElseThrow(() -> new IllegalStateException("ingest did not accept the job for " + symbol
                                    + " on " + day + " within 60 s"));
                    watcher.track(job);
                    dayJobs.add(job);
                }
                jobsSoFar.addAll(dayJobs);
                awaitDay(dayNumber, day, prep, dayJobs, jobsSoFar, watcher, learning);
            }
            return BacktestResults.of(learning.scores(), learning.weights());
        }
    }

    private void awaitDay(int dayNumber, TradingDate day, DailyPrepResult prep, List<JobId> dayJobs,
            List<JobId> jobsSoFar, ProgressWatcher watcher, LearningWatcher learning) {
        long deadline = System.nanoTime() + dayTimeout.toNanos();
        long lastReport = 0;
        String lastLine = "";
        String prefix = String.format(Locale.ROOT, "day %d/%d %s (prep %s, %d rows)", dayNumber, plan.days().size(), day,
                prep.outcome(), prep.rows());
        while (true) {
            watcher.poll(POLL);
            learning.poll(POLL);
            DayStatus status = DayStatus.of(dayJobs, jobsSoFar, watcher.consensus(), learning.outcomes(),
                    learning.latestScores(), learning.latestWeights().values());
            if (status.done()) {
                report(prefix + ": done, " + status.summary() + ", weights " + learning.latestWeights().values().stream()
                        .sorted((a, b) -> a.group().compareTo(b.group()))
                        .map(w -> w.group() + " v" + w.version() + (w.warm() ? "" : " (warming up)")).toList());
                return;
            }
            if (System.nanoTime() >= deadline) {
                throw new DayTimeoutException(String.format(Locale.ROOT, "%s did not finish within %s: waiting for %s "
                        + "(model results %d)", prefix, dayTimeout, String.join(", ", status.waitingFor()),
                        watcher.modelResults()));
            }
            String line = String.format(Locale.ROOT, "%s: %d model results, %s", prefix, watcher.modelResults(),
                    status.summary());
            long since = System.nanoTime() - lastReport;
            if ((!line.equals(lastLine) && since >= PROGRESS_EVERY.toNanos()) || since >= HEARTBEAT.toNanos()) {
                report(line);
                lastLine = line;
                lastReport = System.nanoTime();
            }
        }
    }

    private void report(String line) {
        progress.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - started) / 1e9, line);
    }
}
