package org.locness.sweeper.orphan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.locness.events.InvalidEventException;
import org.locness.events.id.JobId;
import org.locness.events.id.Symbol;
import org.locness.events.lake.StagingFiles;
import org.locness.events.lake.StagingFiles.OutputName;

/**
 * Decides, from a listing of the staging directory alone, what the orphan sweep may take. Only names
 * that parse as Locness outputs or inputs are ever chosen: daily caches, temporary files and anything
 * else in the directory are never candidates.
 */
public final class OrphanPlanner {
    private static final String INPUT_PREFIX = "input_";
    private static final String PARQUET = ".parquet";

    private OrphanPlanner() {
    }

    /** Model outputs last modified at or before {@code cutoff}, oldest first. */
    public static List<OutputName> orphanOutputs(Collection<StagingEntry> entries, Instant cutoff) {
        return entries.stream()
                .filter(e -> !e.lastModified().isAfter(cutoff))
                .sorted((a, b) -> a.lastModified().compareTo(b.lastModified()))
                .map(e -> StagingFiles.parseOutput(e.fileName()))
                .flatMap(Optional::stream)
                .filter(name -> !name.patterns())
                .toList();
    }

    /**
     * Job inputs last modified at or before {@code cutoff} whose job has no output or pattern file left
     * in the directory, whatever that file's age.
     */
    public static List<String> staleInputs(Collection<StagingEntry> entries, Instant cutoff) {
        Set<JobId> jobsWithOutputs = entries.stream()
                .map(e -> StagingFiles.parseOutput(e.fileName()))
                .flatMap(Optional::stream)
                .map(OutputName::jobId)
                .collect(Collectors.toSet());
        List<String> stale = new ArrayList<>();
        for (StagingEntry entry : entries) {
            if (entry.lastModified().isAfter(cutoff)) {
                continue;
            }
            List<JobId> jobs = inputJobs(entry.fileName());
            if (!jobs.isEmpty() && jobs.stream().noneMatch(jobsWithOutputs::contains)) {
                stale.add(entry.fileName());
            }
        }
        return stale;
    }

    /**
     * The jobs an {@code input_<jobId>_<symbol>.parquet} name can belong to. Job ids and symbols may
     * both contain '_', so a name can split more than one way; every valid split is returned, and the
     * caller keeps the file if any of them still has outputs. Empty for names that are not inputs.
     */
    static List<JobId> inputJobs(String fileName) {
        if (!fileName.startsWith(INPUT_PREFIX) || !fileName.endsWith(PARQUET)) {
            return List.of();
        }
        String body = fileName.substring(INPUT_PREFIX.length(), fileName.length() - PARQUET.length());
        List<JobId> jobs = new ArrayList<>();
        for (int split = body.indexOf('_'); split >= 0; split = body.indexOf('_', split + 1)) {
            try {
                JobId job = JobId.of(body.substring(0, split));
                Symbol symbol = Symbol.of(body.substring(split + 1));
                if (StagingFiles.input(job, symbol).equals(fileName)) {
                    jobs.add(job);
                }
            } catch (InvalidEventException notThisSplit) {
                // Either side is not a valid identifier at this '_': try the next one.
            }
        }
        return jobs;
    }
}
