package org.locness.events.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.locness.events.EventSamples.BTC;
import static org.locness.events.EventSamples.DATE;
import static org.locness.events.EventSamples.GEMMA;
import static org.locness.events.EventSamples.JOB;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.lake.StagingFiles.OutputName;

class StagingFilesTest {
    @Test
    void namesFollowTheStagingLayout() {
        assertEquals("daily_context_2026-11-27.parquet", StagingFiles.dailyContext(DATE));
        assertEquals("patterns_2026-11-27.parquet", StagingFiles.patterns(DATE));
        assertEquals("input_BTC-2026-11-27-001_BTC.parquet", StagingFiles.input(JOB, BTC));
        assertEquals("output_gemma-7b_BTC-2026-11-27-001.parquet", StagingFiles.output(GEMMA, JOB));
        assertEquals("patterns_new_gemma-7b_BTC-2026-11-27-001.parquet", StagingFiles.patternsNew(GEMMA, JOB));
    }

    @Test
    void outputsParseBackToTheirModelAndJob() {
        assertEquals(Optional.of(new OutputName(GEMMA, JOB, false)), StagingFiles.parseOutput(StagingFiles.output(GEMMA, JOB)));
        assertEquals(Optional.of(new OutputName(GEMMA, JOB, true)),
                StagingFiles.parseOutput(StagingFiles.patternsNew(GEMMA, JOB)));
    }

    @Test
    void underscoresInAJobIdDoNotConfuseTheSplit() {
        ModelName model = ModelName.of("qwen2.5-0.5b");
        JobId job = JobId.of("manual_run_7");
        assertEquals(Optional.of(new OutputName(model, job, false)), StagingFiles.parseOutput(StagingFiles.output(model, job)));
        assertEquals(Optional.of(new OutputName(model, job, true)),
                StagingFiles.parseOutput(StagingFiles.patternsNew(model, job)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"daily_context_2026-11-27.parquet", "patterns_2026-11-27.parquet",
            "input_BTC-2026-11-27-001_BTC.parquet", "output_gemma-7b_BTC-2026-11-27-001.parquet.tmp",
            ".output_gemma-7b_BTC-2026-11-27-001.parquet.w1.tmp", "output_Gemma-7b_BTC-2026-11-27-001.parquet",
            "output_gemma-7b_..parquet", "output_gemma-7b_.hidden.parquet", "output__BTC.parquet", "notes.txt",
            "output_gemma..7b_BTC.parquet"})
    void otherFilesAreNotOutputs(String fileName) {
        assertEquals(Optional.empty(), StagingFiles.parseOutput(fileName));
    }

    @Test
    void temporaryNamesAreHiddenUniquePerWriterAndNeverOutputs() {
        String finalName = StagingFiles.output(GEMMA, JOB);
        String first = StagingFiles.temporary(finalName, "w1");
        assertEquals(".output_gemma-7b_BTC-2026-11-27-001.parquet.w1.tmp", first);
        assertTrue(!first.equals(StagingFiles.temporary(finalName, "w2")));
        assertEquals(Optional.empty(), StagingFiles.parseOutput(first));
    }
}
