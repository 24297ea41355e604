package org.ichcds.hooks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Verifies ES256/ES384/ES512 JWS signatures with one EC public key, through Bouncy Castle's lightweight ECDSA. The key
 * and curve are converted once, so the precomputed multiples of the generator and of the key, which Bouncy Castle
 * keeps with the points, serve every later verification; going through the JCA converts the key, and so redoes that
 * work, on every call. Thread-safe.
 */
final class EcdsaKeyVerifier implements JWSVerifier {

    private record Params(String curve, String digest, int signatureBytes) {}

    private static final Map<JWSAlgorithm, Params> PARAMS = Map.of(
            JWSAlgorithm.ES256, new Params("P-256", "SHA-256", 64),
            JWSAlgorithm.ES384, new Params("P-384", "SHA-384", 96),
            JWSAlgorithm.ES512, new Params("P-521", "SHA-512", 132));

    private final JWSAlgorithm algorithm;
    private final Params params;
    private final ECPublicKeyParameters key;
    private final JCAContext jca = new JCAContext();

    /**
     * @throws IllegalArgumentException when the algorithm is not ES256/384/512, the key is on another curve, or its
     *     point is not on the curve
     */
    EcdsaKeyVerifier(java.security.interfaces.ECPublicKey key, JWSAlgorithm algorithm) {
        this(
                new ECKey.Builder(com.nimbusds.jose.jwk.Curve.forECParameterSpec(key.getParams()), key).build(),
                algorithm);
    }

    /** @see #EcdsaKeyVerifier(java.security.interfaces.ECPublicKey, JWSAlgorithm) */
    EcdsaKeyVerifier(ECKey jwk, JWSAlgorithm algorithm) {
        this.algorithm = algorithm;
        this.params = PARAMS.get(algorithm);
        if (params == null || !params.curve().equals(jwk.getCurve().getName())) {
            throw new IllegalArgumentException(
                    "an " + jwk.getCurve() + " key cannot verify " + algorithm + " signatures");
        }
        X9ECParameters curve = CustomNamedCurves.getByName(params.curve());
        ECDomainParameters domain = new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
        ECPoint point = curve.getCurve()
                .createPoint(jwk.getX().decodeToBigInteger(), jwk.getY().decodeToBigInteger());
        // the constructor refuses the point at infinity and points off the curve or outside the group
        this.key = new ECPublicKeyParameters(point, domain);
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(algorithm);
    }

    @Override
    public JCAContext getJCAContext() {
        return jca;
    }

    /** A JWS ECDSA signature is R and S concatenated, each as long as the curve's order (RFC 7518 §3.4). */
    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
        if (!algorithm.equals(header.getAlgorithm())) {
            return false;
        }
        byte[] rs = signature.decode();
        if (rs.length != params.signatureBytes()) {
            return false;
        }
        int half = rs.length / 2;
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(rs, 0, half));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(rs, half, rs.length));
        byte[] hash;
        try {
            hash = MessageDigest.getInstance(params.digest()).digest(signingInput);
        } catch (NoSuchAlgorithmException e) {
            throw new JOSEException(params.digest() + " is not available", e);
        }
        ECDSASigner ecdsa = new ECDSASigner();
        ecdsa.init(false, key);
        // refuses r or s outside [1, n - 1] (no zero signatures)
        return ecdsa.verifySignature(hash, r, s);
    }
}
