-- The jti values of CDS client JWTs already used (CDS Hooks best practices: refuse a repeated jti), shared by every
-- replica: the SHA-256 of issuer and jti, kept until the token could no longer be accepted.
CREATE TABLE cds_jti (
    digest      CHAR(64)   NOT NULL PRIMARY KEY,
    keep_until  TIMESTAMP  NOT NULL
);
CREATE INDEX cds_jti_keep_until ON cds_jti (keep_until);
