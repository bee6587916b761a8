package org.locness.aggregator.weights;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Online exponential weights (Hedge/EWA) over the models' losses, one step per scored job. Pure:
 * shares in, shares out.
 *
 * <p>Only the models that voted on the job take part ("sleeping experts"): each one's share is
 * multiplied by {@code exp(-learningRate × loss)} and the voters are renormalised among themselves
 * to the total share they held before, so a model that did not vote keeps its share exactly,
 * neither rewarded nor punished for a job it never saw. Then no share may be below {@code floor}:
 * raised voters are paid for by the other voters (again leaving the absent ones as they were); only
 * a share below the floor among the absent (from the file's weights) makes everyone pay.
 */
public final class HedgeWeights {
    private HedgeWeights() {
    }

    /** The file's weights as shares summing to 1. */
    public static Map<String, Double> normalise(Map<String, Double> weights) {
        // Summed in model order: the same weights give the same bits whatever order their map iterates in.
        double sum = 0;
        for (double w : new TreeMap<>(weights).values()) {
            sum += w;
        }
        double total = sum;
        if (weights.isEmpty() || !(total > 0)) {
            throw new IllegalArgumentException("weights need a positive total, were " + weights);
        }
        Map<String, Double> shares = new TreeMap<>();
        weights.forEach((model, w) -> shares.put(model, w / total));
        return shares;
    }

    /**
     * @param shares current shares (sum 1)
     * @param losses the log loss of each model that voted; voters without a share are ignored (they
     *               are not in the ensemble file the weights started from)
     */
    public static Map<String, Double> update(Map<String, Double> shares, Map<String, Double> losses,
            double learningRate, double floor) {
        Map<String, Double> next = new TreeMap<>(shares);
        Set<String> voters = new TreeSet<>(losses.keySet());
        voters.retainAll(shares.keySet());
        if (voters.isEmpty()) {
            return next;
        }
        double votersShare = 0;
        double raisedTotal = 0;
        Map<String, Double> raised = new HashMap<>();
        for (String model : voters) {
            votersShare += shares.get(model);
            double w = shares.get(model) * Math.exp(-learningRate * losses.get(model));
            raised.put(model, w);
            raisedTotal += w;
        }
        if (raisedTotal > 0) {
            for (String model : voters) {
                next.put(model, raised.get(model) / raisedTotal * votersShare);
            }
        }
        applyFloor(next, voters, votersShare, floor);
        if (next.values().stream().anyMatch(s -> s < floor)) {
            applyFloor(next, next.keySet(), 1.0, floor);
        }
        return next;
    }

    /**
     * Raises the shares of {@code models} below {@code floor} to it and scales the others down so the
     * group still holds {@code total}; repeated, since scaling down can push another below the floor.
     * When the floor cannot be met for all, they share {@code total} equally.
     */
    static void applyFloor(Map<String, Double> shares, Set<String> models, double total, double floor) {
        if (floor <= 0 || models.isEmpty()) {
            return;
        }
        if (floor * models.size() >= total) {
            models.forEach(m -> shares.put(m, total / models.size()));
            return;
        }
        Set<String> pinned = new TreeSet<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            double free = 0;
            for (String m : models) {
                if (!pinned.contains(m)) {
                    free += shares.get(m);
                }
            }
            double target = total - floor * pinned.size();
            for (String m : models) {
                if (!pinned.contains(m) && shares.get(m) * target / free < floor) {
                    pinned.add(m);
                    changed = true;
                }
            }
            if (!changed && !pinned.isEmpty()) {
                for (String m : models) {
                    shares.put(m, pinned.contains(m) ? floor : shares.get(m) * target / free);
                }
            }
        }
    }
}
