package org.locness.events.job;

import org.locness.events.InvalidEventException;
import org.locness.events.Require;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;

/** A model a job waits for, where it runs, and how much its vote weighs. */
public record ExpectedModel(ModelName model, NodeName node, double weight) {
    public ExpectedModel {
        Require.present("model", model);
        Require.present("node", node);
        if (!Double.isFinite(weight) || weight <= 0) {
            throw new InvalidEventException("weight", "must be a finite number > 0, was " + weight);
        }
    }
}
