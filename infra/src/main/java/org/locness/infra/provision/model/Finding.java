package org.locness.infra.provision.model;

/**
 * One problem in a plan: the VM it belongs to, where on the host (a CPU, a node, memory), what is
 * wrong and how to fix it. Rendered on one line so it can be grepped and quoted in an issue.
 */
public record Finding(String vm, String where, String problem, String fix) {
    @Override
    public String toString() {
        return vm + ", " + where + ": " + problem + "; fix: " + fix;
    }
}
