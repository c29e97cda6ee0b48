/**
 * End-to-end tests across hosts: the shaded {@code target/kvroute.jar} run as agents and proxy on hosts built as
 * Linux network namespaces of this machine (root and iproute2 required), with a real etcd and a real dockerd.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.e2e.MultiHostIT}: the scenario (weights, SIGKILL, link cut, Docker on node1).</li>
 *   <li>{@link io.kvroute.e2e.NetnsLab}: the namespaces, bridge and veths; leftovers of crashed runs.</li>
 *   <li>{@link io.kvroute.e2e.CommandLines}: what each host runs, as in the README's "Three hosts".</li>
 *   <li>{@link io.kvroute.e2e.LabProcesses}, {@link io.kvroute.e2e.NodeDocker}: processes by PID, dockerd.</li>
 *   <li>{@link io.kvroute.e2e.EdgeClient}, {@link io.kvroute.e2e.StoredKeys}: curl and etcdctl on the edge host.</li>
 * </ul>
 */
package io.kvroute.e2e;
