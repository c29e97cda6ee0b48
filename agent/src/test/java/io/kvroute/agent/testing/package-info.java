/**
 * Test fixtures for the agent: real components started by the tests themselves, stopped by PID.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.agent.testing.DockerdExtension}: a private dockerd with a busybox image imported from
 *       Debian's busybox-static, and helpers to run {@code busybox httpd} containers on loopback ports.</li>
 *   <li>{@link io.kvroute.agent.testing.HttpdSpec}: what such a container declares (labels, env, health check).</li>
 * </ul>
 */
package io.kvroute.agent.testing;
