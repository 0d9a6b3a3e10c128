@echo off
rem `ai-practice` in VS Code's integrated terminal on Windows (cmd and PowerShell). The AI
rem Practice extension puts this folder (dist\bin of the installed extension) first on the
rem terminal's PATH and sets AI_PRACTICE_NODE to its extension host's executable, which runs as
rem Node with ELECTRON_RUN_AS_NODE=1 (VS Code's own code.cmd does the same): no Node.js needs
rem installing. Without it, node on PATH. The build writes this file with CRLF line ends.
setlocal
if not defined AI_PRACTICE_NODE goto pathNode
if not exist "%AI_PRACTICE_NODE%" goto pathNode
set "ELECTRON_RUN_AS_NODE=1"
"%AI_PRACTICE_NODE%" "%~dp0..\cli.js" %*
exit /b %ERRORLEVEL%
:pathNode
where node >nul 2>nul
if errorlevel 1 goto noNode
node "%~dp0..\cli.js" %*
exit /b %ERRORLEVEL%
:noNode
echo ai-practice: no Node.js to run it with. Open a new terminal in VS Code, where the AI Practice extension sets it up, or install Node.js 20 or later. 1>&2
exit /b 2
