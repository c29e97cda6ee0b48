package io.kvroute.kv.store;

/**
 * What is under a prefix, in two numbers that change whenever anything under it changes: how many keys there are
 * (a delete lowers it) and the revision of the newest change to one of them (a put raises it). Cheap to read, it tells
 * a {@link PrefixWatcher} whether its watch missed a change: a watch on a hung etcd member stays open and silent.
 */
public record PrefixMark(long keys, long newestChange) {
}
