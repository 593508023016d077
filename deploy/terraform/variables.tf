variable "region" {
  description = "AWS region the shop runs in. The runbook rebuilds elsewhere with -var=\"region=us-east-2\"."
  type        = string
  default     = "ap-south-1"
}

variable "replica_region" {
  description = "Region that receives a replica of every backup; must differ from region."
  type        = string
  default     = "ap-southeast-1"

  validation {
    condition     = can(regex("^[a-z]{2}-[a-z]+-[0-9]$", var.replica_region))
    error_message = "replica_region must be an AWS region name such as ap-southeast-1."
  }
}

variable "environment" {
  description = "Name of this deployment, used in resource names and tags (prod, staging, dr)."
  type        = string
  default     = "prod"
}

variable "cluster_name" {
  description = "EKS cluster name (runbook: aws eks update-kubeconfig --name <cluster_name>)."
  type        = string
  default     = "dhakacart"
}

variable "kubernetes_version" {
  description = "EKS Kubernetes version."
  type        = string
  default     = "1.33"
}

variable "vpc_cidr" {
  description = "Address range of the VPC; split into public, private app and private data subnets."
  type        = string
  default     = "10.40.0.0/16"
}

variable "availability_zone_count" {
  description = "How many zones to spread subnets and nodes over (3 for a 3-instance database)."
  type        = number
  default     = 3
}

variable "app_instance_types" {
  description = "Instance types of the node group that runs the API, storefront and Redis."
  type        = list(string)
  default     = ["m7i.xlarge", "m6i.xlarge"]
}

variable "app_node_count" {
  description = "Minimum, desired and maximum nodes of the app node group."
  type        = object({ min = number, desired = number, max = number })
  default     = { min = 3, desired = 3, max = 12 }
}

variable "data_instance_types" {
  description = "Instance types of the node group in the data subnets that runs PostgreSQL."
  type        = list(string)
  default     = ["r7i.xlarge"]
}

variable "backup_bucket_prefix" {
  description = "Backup bucket names are <prefix>-<region>: bucket names are global, and a rebuild in another region must not collide with the surviving bucket."
  type        = string
  default     = "dhakacart-backups"
}

variable "backup_retention_days" {
  description = "Object Lock retention of backup objects (GOVERNANCE mode): nobody without the bypass right can delete or overwrite a backup younger than this."
  type        = number
  default     = 35
}

variable "ecr_repositories" {
  description = "Container image repositories, one per deployable."
  type        = list(string)
  default     = ["dhakacart-backend", "dhakacart-frontend", "dhakacart-dr"]
}
