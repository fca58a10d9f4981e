#!/usr/bin/env bash
# Train an ensemble as a Slurm job array: array task t trains members t*K .. t*K+K-1 into its own
# shard directory RUN-shard-t. Any split gives identical members (each member's seed is derived
# from --seed and its index). When all tasks are done, assemble and export:
#   ./xsdnn merge --out "$RUN" "$RUN"-shard-*  &&  ./xsdnn export --run "$RUN" --out onnx-models/my-model
#
# Example, 50 members in 5 tasks of 10, 1 core each:
#   sbatch --array=0-4 scripts/slurm-train.sh --data "$HOME/qes" --epochs 6000
#
#SBATCH --job-name=xsdnn-train
#SBATCH --cpus-per-task=1
#SBATCH --mem=2G
#SBATCH --time=24:00:00
set -euo pipefail
: "${XSDNN:=./xsdnn}"            # the launcher in the repository root
: "${MEMBERS_PER_TASK:=10}"
: "${RUN:=runs/carbon}"
task="${SLURM_ARRAY_TASK_ID:?run me as a Slurm array job: sbatch --array=0-4 scripts/slurm-train.sh [xsdnn train options]}"
first=$((task * MEMBERS_PER_TASK))
last=$((first + MEMBERS_PER_TASK - 1))
# Re-submitting the same array resumes unfinished members from their checkpoints.
exec "$XSDNN" train --out "$RUN-shard-$task" --members "$first-$last" "$@"
