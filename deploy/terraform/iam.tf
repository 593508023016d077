# The backup identity, handed through EKS Pod Identity to the database pods (ServiceAccount
# dhakacart/dhakacart-db, which CloudNativePG creates for the Cluster dhakacart-db): their Barman Cloud
# Plugin sidecar archives WAL and base backups into the bucket. It may read and write backup objects
# in its own bucket, read the replica, and use the backup keys, and nothing else: no bucket
# configuration, no retention bypass, no other bucket.

data "aws_iam_policy_document" "dr_agent" {
  statement {
    sid       = "ListBackups"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation", "s3:GetBucketVersioning"]
    resources = [aws_s3_bucket.backups.arn]
  }
  statement {
    sid = "ReadWriteBackups"
    # DeleteObject only adds a delete marker on a versioned, locked bucket: retention pruning works,
    # while the locked versions stay recoverable.
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectRetention", "s3:AbortMultipartUpload"]
    resources = ["${aws_s3_bucket.backups.arn}/*"]
  }
  statement {
    sid       = "ReadReplicaForRestore"
    actions   = ["s3:ListBucket", "s3:GetObject"]
    resources = [aws_s3_bucket.backups_replica.arn, "${aws_s3_bucket.backups_replica.arn}/*"]
  }
  statement {
    sid       = "UseBackupKeys"
    actions   = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
    resources = [aws_kms_key.backups.arn, aws_kms_key.backups_replica.arn]
  }
}

resource "aws_iam_role" "dr_agent" {
  name               = "${var.cluster_name}-dr-agent"
  assume_role_policy = data.aws_iam_policy_document.pod_identity_assume.json
}

resource "aws_iam_role_policy" "dr_agent" {
  name   = "backups"
  role   = aws_iam_role.dr_agent.id
  policy = data.aws_iam_policy_document.dr_agent.json
}

resource "aws_eks_pod_identity_association" "dr_agent" {
  cluster_name    = aws_eks_cluster.main.name
  namespace       = "dhakacart"
  service_account = "dhakacart-db"
  role_arn        = aws_iam_role.dr_agent.arn
}

# Secrets Manager entries that External Secrets copies into the cluster (deploy/k8s/overlays/prod).
# Terraform creates them empty; an operator puts the values in (docs/deploy.md), so no secret
# value ever sits in Terraform state or in this repository.
resource "aws_secretsmanager_secret" "app" {
  name        = "dhakacart/${var.environment}/app"
  description = "DhakaCart: DHAKACART_DR_KEY (backup encryption key) and other app secrets"
  kms_key_id  = aws_kms_key.secrets.arn
}

resource "aws_secretsmanager_secret" "dr_db" {
  name        = "dhakacart/${var.environment}/dr-db"
  description = "DhakaCart: username and password of the DR agent's replication role"
  kms_key_id  = aws_kms_key.secrets.arn
}

resource "aws_kms_key" "secrets" {
  description             = "DhakaCart application secrets"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

# External Secrets' controller reads those two entries and nothing else.
data "aws_iam_policy_document" "external_secrets" {
  statement {
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = [aws_secretsmanager_secret.app.arn, aws_secretsmanager_secret.dr_db.arn]
  }
  statement {
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.secrets.arn]
  }
}

resource "aws_iam_role" "external_secrets" {
  name               = "${var.cluster_name}-external-secrets"
  assume_role_policy = data.aws_iam_policy_document.pod_identity_assume.json
}

resource "aws_iam_role_policy" "external_secrets" {
  name   = "read-dhakacart-secrets"
  role   = aws_iam_role.external_secrets.id
  policy = data.aws_iam_policy_document.external_secrets.json
}

resource "aws_eks_pod_identity_association" "external_secrets" {
  cluster_name    = aws_eks_cluster.main.name
  namespace       = "external-secrets"
  service_account = "external-secrets"
  role_arn        = aws_iam_role.external_secrets.arn
}
