package org.locness.inference.prompt;

/**
 * What the ensemble called on the newest day of the unified patterns, over every signature: the
 * same for all of a day's jobs, so it belongs to the prompt's shared part.
 */
public record PatternOverview(String date, long cases, double shareUp, double shareDown, double shareFlat) {

    public static PatternOverview none() {
        return new PatternOverview(null, 0, 0, 0, 0);
    }

    public boolean present() {
        return date != null && cases > 0;
    }
}
