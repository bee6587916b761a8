package org.locness.cli.training;

import java.util.LinkedHashMap;
import java.util.Map;

/** One line of the training file: the prompt a model would see for a symbol-day and what then happened. */
public record TrainingExample(String prompt, String label, String signature, String symbol, String date) {

    /** The JSONL line's fields, in a fixed order. */
    Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("prompt", prompt);
        fields.put("label", label);
        fields.put("signature", signature);
        fields.put("symbol", symbol);
        fields.put("date", date);
        return fields;
    }
}
