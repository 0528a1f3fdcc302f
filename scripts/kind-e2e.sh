#!/usr/bin/env bash
# End to end on a real Kubernetes cluster: kind with multus, the examples' lessons run by
# `antidotectl lesson run --backend kubernetes` and proved solvable by `lesson test`, and every
# object `lesson plan` renders accepted by the API server (server-side dry run).
#
# Not part of `cargo test`: no cluster can run on the project's own machines (no nested
# containers, no registry). Run it where Docker, kind and kubectl work and the images can be
# pulled (or loaded with `kind load docker-image`):
#
#   scripts/kind-e2e.sh                 # creates cluster `antidote-e2e`, deletes it at the end
#   KEEP_CLUSTER=1 scripts/kind-e2e.sh  # keeps it
#
# Needs: docker, kind (v0.23+), kubectl, cargo, podman and debootstrap (the tests' image, as
# .ci/run builds it), sshpass, python3; the examples' images (antidotelabs/*:latest) reachable
# from the cluster's nodes. What it does not cover: the platform itself running in the cluster
# (API, schedulers, the NetworkPolicy with the platform namespace, the files endpoint); that
# needs the services deployed there.
set -euo pipefail
cd "$(dirname "$0")/.."

CLUSTER="${CLUSTER:-antidote-e2e}"
MULTUS="${MULTUS:-https://raw.githubusercontent.com/k8snetworkplumbingwg/multus-cni/v4.1.4/deployments/multus-daemonset-thick.yml}"
say() { printf '\n==> %s\n' "$*"; }

for tool in docker kind kubectl cargo; do
  command -v "$tool" >/dev/null || { echo "$tool is missing" >&2; exit 1; }
done

say "cluster $CLUSTER"
if ! kind get clusters | grep -qx "$CLUSTER"; then
  # The kubelets must allow the forwarding sysctls of images with enableForwarding.
  cat <<KIND | kind create cluster --name "$CLUSTER" --config -
kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
nodes:
- role: control-plane
  kubeadmConfigPatches:
  - |
    kind: KubeletConfiguration
    allowedUnsafeSysctls: ["net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding"]
KIND
fi
if [ -z "${KEEP_CLUSTER:-}" ]; then
  trap 'kind delete cluster --name "$CLUSTER"' EXIT
fi
CONTEXT="kind-$CLUSTER"
kubectl --context "$CONTEXT" apply -f "$MULTUS"
kubectl --context "$CONTEXT" -n kube-system rollout status daemonset/kube-multus-ds --timeout=180s
# kind's nodes have only ptp, host-local, portmap and loopback: the attachments need the
# reference plugins `bridge` and `static`.
CNI_PLUGINS="${CNI_PLUGINS:-https://github.com/containernetworking/plugins/releases/download/v1.5.1/cni-plugins-linux-amd64-v1.5.1.tgz}"
for node in $(kind get nodes --name "$CLUSTER"); do
  docker exec "$node" sh -c "curl -fsSL '$CNI_PLUGINS' | tar -xz -C /opt/cni/bin ./bridge ./static"
done

say "build"
cargo build --release -p antidotectl
CTL=target/release/antidotectl

say "every object of every example lesson, accepted by the API server (dry run)"
kubectl --context "$CONTEXT" create namespace prod --dry-run=client -o yaml | kubectl --context "$CONTEXT" apply -f -
for lesson in shell-first-steps network-config-basics web-dashboards; do
  id="e2e$RANDOM"
  plan="$(mktemp)"
  "$CTL" lesson plan "$lesson" -C curriculum-examples --id "$id" --format json >"$plan"
  # A server-side dry run keeps nothing, so the namespace is made for real first.
  python3 -c 'import json,sys; l=json.load(open(sys.argv[1])); print(json.dumps(l["items"][0]))' "$plan" \
    | kubectl --context "$CONTEXT" apply -f - >/dev/null
  python3 -c 'import json,sys; l=json.load(open(sys.argv[1])); l["items"]=l["items"][1:]; print(json.dumps(l))' "$plan" \
    | kubectl --context "$CONTEXT" apply --dry-run=server -f - >/dev/null
  kubectl --context "$CONTEXT" delete namespace "antidote-$id" --wait=false >/dev/null
  echo "$lesson: accepted"
done

say "a lesson with a link between two endpoints (the tests' image, loaded into the cluster)"
CONTAINERS_CONF="${CONTAINERS_CONF:-}" .ci/test-image
podman save localhost/antidote-test:bookworm -o "$(pwd)/target/antidote-test.tar"
kind load image-archive "$(pwd)/target/antidote-test.tar" --name "$CLUSTER"
LOG="$(mktemp)"
"$CTL" lesson run two-hosts -C antidote-lib/tests/fixtures/docker-lab --backend kubernetes \
  --context "$CONTEXT" --forward-from 2301 --timeout 10m \
  --images-overrides host=localhost/antidote-test:bookworm \
  --images-configurator localhost/antidote-test:bookworm </dev/null >"$LOG" 2>&1 &
RUN=$!
for _ in $(seq 1 300); do grep -q "h2/cli: ssh -p" "$LOG" && break; sleep 1; done
grep "ssh -p" "$LOG" || { cat "$LOG"; echo "the lesson did not start" >&2; exit 1; }
PORT="$(grep -o 'h1/cli: ssh -p [0-9]*' "$LOG" | awk '{print $4}')"
# h1 reaches h2 over the link (10.77.0.0/24, multus bridge), and stage 0's configuration ran.
sshpass -p antidotepassword ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
  -p "$PORT" antidote@127.0.0.1 'ip -br addr show; ping -c 1 -W 2 10.77.0.2'
kill -INT "$RUN"; wait "$RUN" || true
grep "nothing of" "$LOG"

say "lesson run: boot, forward, log in, tear down"
LOG="$(mktemp)"
"$CTL" lesson run shell-first-steps -C curriculum-examples --backend kubernetes \
  --context "$CONTEXT" --forward-from 2201 --timeout 10m </dev/null >"$LOG" 2>&1 &
RUN=$!
for _ in $(seq 1 300); do grep -q "ssh -p" "$LOG" && break; sleep 1; done
grep "ssh -p" "$LOG" || { cat "$LOG"; echo "the lesson did not start" >&2; exit 1; }
PORT="$(grep -o 'ssh -p [0-9]*' "$LOG" | head -n1 | awk '{print $3}')"
sshpass -p antidotepassword ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
  -p "$PORT" antidote@127.0.0.1 hostname
kill -INT "$RUN"; wait "$RUN" || true
grep "nothing of" "$LOG"
if kubectl --context "$CONTEXT" get namespaces -l antidoteManaged=yes -o name | grep .; then
  echo "namespaces are left" >&2; exit 1
fi

say "lesson test: every objective starts incomplete and is completed by its solution"
"$CTL" lesson test shell-first-steps -C curriculum-examples --backend kubernetes --context "$CONTEXT"

say "passed"
