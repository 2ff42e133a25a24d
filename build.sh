#!/usr/bin/env bash
# Thin entry point for a fresh Debian/Ubuntu/macOS machine that has only the .NET SDK:
#   ./build.sh demo     publish the module and convert examples/images, printing a results table
#   ./build.sh test     build and run every test (xunit + Pester); ends with "N passed, N failed"
#   ./build.sh publish  publish the module to artifacts/module/SemanticJpeg only
#   ./build.sh package  the all-platform package: artifacts/package/repository/SemanticJpeg.<version>.nupkg
# The build logic lives in build.ps1 (also usable directly with pwsh on Windows/macOS).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 POWERSHELL_TELEMETRY_OPTOUT=1 POWERSHELL_UPDATECHECK=Off
dotnet tool restore >/dev/null
exec dotnet pwsh -NoProfile -NonInteractive -File ./build.ps1 "${1:-demo}" "${@:2}"
