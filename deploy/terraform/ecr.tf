# One image repository per deployable. Tags are immutable, so the tag pinned in the Kustomize
# overlay always means the same image; every push is scanned.
resource "aws_kms_key" "ecr" {
  description             = "DhakaCart container images"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_ecr_repository" "images" {
  for_each             = toset(var.ecr_repositories)
  name                 = each.value
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.ecr.arn
  }
}

resource "aws_ecr_lifecycle_policy" "images" {
  for_each   = aws_ecr_repository.images
  repository = each.value.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the newest 50 images"
      selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 50 }
      action       = { type = "expire" }
    }]
  })
}
