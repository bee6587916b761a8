package org.locness.sweeper.orphan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.lake.StagingFiles.OutputName;

class OrphanPlannerTest {
    private static final Instant CUTOFF = Instant.parse("2026-11-27T12:00:00Z");
    private static final Instant OLD = CUTOFF.minus(Duration.ofHours(1));
    private static final Instant YOUNG = CUTOFF.plusSeconds(1);

    private static StagingEntry old(String name) {
        return new StagingEntry(name, OLD);
    }

    private static StagingEntry young(String name) {
        return new StagingEntry(name, YOUNG);
    }

    @Test
    void oldOutputsAreOrphansOldestFirst() {
        List<StagingEntry> entries = List.of(
                new StagingEntry("output_gemma-7b_J2.parquet", OLD.plusSeconds(5)),
                old("output_mistral-7b_J1.parquet"),
                new StagingEntry("output_phi-3-mini_J3.parquet", CUTOFF),
                young("output_qwen-7b_J4.parquet"));

        assertEquals(List.of(
                new OutputName(ModelName.of("mistral-7b"), JobId.of("J1"), false),
                new OutputName(ModelName.of("gemma-7b"), JobId.of("J2"), false),
                new OutputName(ModelName.of("phi-3-mini"), JobId.of("J3"), false)),
                OrphanPlanner.orphanOutputs(entries, CUTOFF));
    }

    @Test
    void onlyLocnessOutputsAreEverOrphans() {
        List<StagingEntry> entries = List.of(
                old("patterns_new_gemma-7b_J1.parquet"),
                old("daily_context_2026-11-26.parquet"),
                old("patterns_2026-11-26.parquet"),
                old("input_J1_BTC.parquet"),
                old(".output_gemma-7b_J1.parquet.1a2b3c4d.tmp"),
                old("output_Gemma_J1.parquet"),
                old("output_gemma-7b_J1.csv"),
                old("notes.txt"));

        assertEquals(List.of(), OrphanPlanner.orphanOutputs(entries, CUTOFF));
    }

    @Test
    void oldInputsOfJobsWithoutOutputsAreStale() {
        List<StagingEntry> entries = List.of(
                old("input_J1_BTC.parquet"),
                old("input_J2_ETH.parquet"),
                young("output_gemma-7b_J2.parquet"),
                old("input_J3_SOL.parquet"),
                young("patterns_new_gemma-7b_J3.parquet"),
                young("input_J4_ADA.parquet"),
                old("input_J5_BRK.B.parquet"));

        assertEquals(List.of("input_J1_BTC.parquet", "input_J5_BRK.B.parquet"), OrphanPlanner.staleInputs(entries, CUTOFF));
    }

    @Test
    void anInputIsKeptIfAnyReadingOfItsNameHasOutputs() {
        List<StagingEntry> entries = List.of(
                old("input_BTC_2026_001_BTC_X.parquet"),
                young("output_gemma-7b_BTC_2026_001.parquet"));

        assertEquals(List.of(), OrphanPlanner.staleInputs(entries, CUTOFF));
        assertEquals(List.of(JobId.of("BTC"), JobId.of("BTC_2026"), JobId.of("BTC_2026_001"), JobId.of("BTC_2026_001_BTC")),
                OrphanPlanner.inputJobs("input_BTC_2026_001_BTC_X.parquet"));
    }

    @Test
    void namesThatAreNotInputsAreNeverStale() {
        List<StagingEntry> entries = List.of(
                old("input_.parquet"),
                old("input_J1.parquet"),
                old("input_J1_btc.parquet"),
                old("input_J1_BTC.csv"),
                old("daily_context_2026-11-26.parquet"),
                old("patterns_2026-11-26.parquet"),
                old("notes.txt"));

        assertEquals(List.of(), OrphanPlanner.staleInputs(entries, CUTOFF));
    }
}
