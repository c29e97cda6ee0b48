/**
 * PEM text to JDK certificates and private keys by the rules of Go's {@code tls.X509KeyPair} and
 * {@code x509.CertPool.AppendCertsFromPEM}, which Traefik uses for {@code certFile}, {@code keyFile} and
 * {@code caFiles}: certificate blocks are {@code CERTIFICATE}, the key is the first block whose type ends in
 * {@code PRIVATE KEY} (PKCS #1 RSA, PKCS #8 RSA/ECDSA/Ed25519 or SEC 1 ECDSA, whatever the block's type says), and a
 * key matches its certificate when a signature made with it verifies with the certificate's public key. JDK only:
 * PKCS #1 and SEC 1 keys are rewrapped as PKCS #8 for the JDK's key factories.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.pem.PemKeyPairs}: a certificate chain and its key, or the certificates of a CA file</li>
 *   <li>{@link io.kvroute.kv.pem.PemKeyPair}: what is served: the chain (leaf first) and the key</li>
 *   <li>{@link io.kvroute.kv.pem.PemException}: why PEM text cannot be used, in one line</li>
 * </ul>
 */
package io.kvroute.kv.pem;
