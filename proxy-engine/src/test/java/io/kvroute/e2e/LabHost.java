package io.kvroute.e2e;

/**
 * The hosts of the multi-host test, each a network namespace with one veth into the bridge namespace and one
 * address of {@link NetnsLab#SUBNET}.
 */
enum LabHost {
    ETCD("etcd", 2),
    EDGE("edge", 3),
    NODE1("node1", 11),
    NODE2("node2", 12);

    private final String hostName;
    private final int lastOctet;

    LabHost(String hostName, int lastOctet) {
        this.hostName = hostName;
        this.lastOctet = lastOctet;
    }

    /** {@code etcd}, {@code edge}, {@code node1}, {@code node2}: the namespace suffix and the bridge port's name. */
    String hostName() {
        return hostName;
    }

    /** The host's address, e.g. {@code 10.213.47.11}. */
    String address() {
        return NetnsLab.SUBNET + lastOctet;
    }
}
