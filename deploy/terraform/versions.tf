# AWS for DhakaCart: network, EKS, encrypted and locked backups replicated to a second region,
# image registries and the DR agent's least-privilege role. docs/deploy.md walks through it.
#
# State: local by default so `terraform init` works as the runbook writes it; for a team, pass an
# S3 backend in a region other than var.region (`terraform init -backend-config=...`, see docs).
terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.90"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}

# The second region holds the backup replica, so losing var.region loses no backup.
provider "aws" {
  alias  = "replica"
  region = var.replica_region

  default_tags {
    tags = local.tags
  }
}
