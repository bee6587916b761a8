#!/usr/bin/env bash
# Labels the Locness nodes and taints the control plane; safe to run again (--overwrite).
#
#   infra/k3s/label-nodes.sh CONTROL_PLANE_NODE
#
# CONTROL_PLANE_NODE is the Mac mini's K3s server as `kubectl get nodes` names it. The VMs join
# under the node names set in infra/k3s/agent/*.yaml (vm1, vm2, vm3), the names the ensemble and
# `locness inference-node --node` use. Placement is a whitelist: workloads opt in with a
# nodeSelector on these labels; only the control plane is tainted, so that nothing lands there
# without a toleration.
set -euo pipefail

control_plane=${1:?usage: $0 CONTROL_PLANE_NODE (see: kubectl get nodes)}

label() {
  local node=$1
  shift
  kubectl label node "$node" --overwrite "$@"
}

# node               labels
label "$control_plane" role=master
label vm1              role=worker workload=slm numa-node=0 locness.io/node=vm1
label vm2              role=worker workload=slm numa-node=1 locness.io/node=vm2
label vm3              role=storage workload=storage storage=true locness.io/node=vm3

kubectl taint node "$control_plane" node-role.kubernetes.io/control-plane=:NoSchedule --overwrite
