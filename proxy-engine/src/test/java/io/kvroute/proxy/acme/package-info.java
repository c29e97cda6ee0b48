/**
 * Tests of the ACME resolvers against Let's Encrypt's Pebble ({@link io.kvroute.proxy.acme.Pebble}: Debian's
 * {@code pebble} and {@code pebble-challtestsrv} on free loopback ports) and a real etcd, and unit tests of the
 * pieces that need neither (storage cipher, domains from routers).
 */
package io.kvroute.proxy.acme;
