output "region" {
  description = "Region the shop runs in."
  value       = var.region
}

output "cluster_name" {
  description = "EKS cluster name."
  value       = aws_eks_cluster.main.name
}

output "cluster_endpoint" {
  description = "EKS API server endpoint."
  value       = aws_eks_cluster.main.endpoint
}

output "kubeconfig_command" {
  description = "Points kubectl at the new cluster (runbook scenario 2, step 3)."
  value       = "aws eks update-kubeconfig --name ${aws_eks_cluster.main.name} --region ${var.region}"
}

output "vpc_id" {
  description = "VPC of the cluster."
  value       = aws_vpc.main.id
}

output "data_subnet_ids" {
  description = "Private subnets of the database nodes."
  value       = aws_subnet.data[*].id
}

output "backup_bucket" {
  description = "S3 bucket of the backup repository (DHAKACART_DR_S3_BUCKET)."
  value       = aws_s3_bucket.backups.bucket
}

output "backup_replica_bucket" {
  description = "Cross-region replica of the backups: restore from here when var.region is lost."
  value       = aws_s3_bucket.backups_replica.bucket
}

output "ecr_repository_urls" {
  description = "Image repositories, for `kustomize edit set image` in deploy/k8s/overlays/prod."
  value       = { for name, repo in aws_ecr_repository.images : name => repo.repository_url }
}

output "dr_agent_role_arn" {
  description = "IAM role the DR agent's pods receive through EKS Pod Identity."
  value       = aws_iam_role.dr_agent.arn
}

output "app_secret_name" {
  description = "Secrets Manager entry behind the Kubernetes Secret dhakacart-secrets."
  value       = aws_secretsmanager_secret.app.name
}

output "dr_db_secret_name" {
  description = "Secrets Manager entry behind the Kubernetes Secret dhakacart-db-dr."
  value       = aws_secretsmanager_secret.dr_db.name
}
