; Inno Setup script for AME Desktop (Windows installer).
;
; Needs Inno Setup 6.3 or newer (https://jrsoftware.org/isinfo.php) and the PyInstaller bundle
; built first on the same Windows machine:
;
;     pyinstaller --noconfirm packaging\ame-desktop.spec      -> dist\ame-desktop\
;     iscc packaging\windows\ame-desktop.iss                  -> dist\ame-desktop-<version>-setup.exe
;
; (see packaging\README.md). The version is read from the built ame-desktop.exe (its version
; resource carries ame_desktop.__version__); override with  iscc /DAppVersion=1.2.3 ...
;
; What the installer does
; - Installs for the current user only, WITHOUT administrator rights (PrivilegesRequired=lowest),
;   into %LOCALAPPDATA%\Programs\AME Desktop ({autopf} in per-user mode).
;   IT can install for all users instead, into C:\Program Files\AME Desktop, by running the
;   installer as administrator with /ALLUSERS (e.g. in a software-distribution system:
;   ame-desktop-<version>-setup.exe /ALLUSERS /VERYSILENT /SUPPRESSMSGBOXES /NORESTART).
;   Use that where AppLocker/WDAC forbids programs in the user's own folders.
; - Start-menu entry "AME Desktop" (windowed executable, no console window); a desktop icon and
;   putting the command-line executable ame-desktop.exe on the user's PATH are optional tasks.
; - An uninstaller (Settings > Apps, or the Start menu).
;
; The user's data is NOT part of the installation and is never touched by the installer or the
; uninstaller: the register (ame.db), its automatic backups and the log file live in
; %LOCALAPPDATA%\AME Desktop (platformdirs user data folder; a different folder from the program's
; %LOCALAPPDATA%\Programs\AME Desktop), or wherever AME_DB / --db points (a network share, a
; PostgreSQL server). Window layout is in the registry under HKCU\Software\AME Desktop. This script
; therefore has no [UninstallDelete] entries for them, and must never get any: removing or
; reinstalling the program must not lose a single participant.
;
; Updating: run the new installer over the old one (same AppId). It first deletes the old
; program files in {app}\_internal (so no stale library or migration file of the old version is
; left behind; only program files are there), then installs the new ones. On the first start the
; program migrates the register to the new schema, after writing a copy
; ame.db.före-uppgradering-<rev>-<time>.bak beside it.

#define AppName "AME Desktop"
#define AppPublisher "AME Desktop"
#define GuiExe "AME Desktop.exe"
#define CliExe "ame-desktop.exe"
; The PyInstaller output folder, relative to this script.
#define DistDir AddBackslash(SourcePath) + "..\..\dist\ame-desktop"
#define IconFile AddBackslash(SourcePath) + "..\..\resources\icons\ame-desktop.ico"

#if !FileExists(DistDir + "\" + CliExe) || !FileExists(DistDir + "\" + GuiExe)
  #error Build the bundle first: pyinstaller --noconfirm packaging\ame-desktop.spec (see packaging\README.md)
#endif
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(DistDir + "\" + CliExe, "ProductVersion")
#endif
#if AppVersion == ""
  #error No version resource in ame-desktop.exe; pass /DAppVersion=x.y.z to iscc
#endif
; Swedish.isl is an official translation in current Inno Setup releases; without it, English only.
#if FileExists(CompilerPath + "Languages\Swedish.isl")
  #define HaveSwedish
#endif

[Setup]
; AppId identifies the program for updates and the uninstaller: NEVER change it.
AppId={{8D51742D-1A2E-4BDC-8659-D89FB0379B1C}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} installationsprogram

; Per user, no administrator rights; /ALLUSERS on the command line for a machine-wide install.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
; {autopf} = %LOCALAPPDATA%\Programs per user, C:\Program Files with /ALLUSERS.
DefaultDirName={autopf}\{#AppName}
DisableDirPage=auto
DisableProgramGroupPage=yes
UsePreviousAppDir=yes

; PySide6 (Qt 6) needs 64-bit Windows 10 1809 or newer.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763

OutputDir={#AddBackslash(SourcePath)}..\..\dist
OutputBaseFilename=ame-desktop-{#AppVersion}-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes

; The optional PATH entry: tell running programs (Explorer, new consoles) the environment changed.
ChangesEnvironment=yes
; Ask to close a running AME Desktop before files are replaced (Restart Manager), don't restart it.
CloseApplications=yes
RestartApplications=no

; Code signing (recommended: unsigned installers trigger SmartScreen and some virus scanners).
; Define a sign tool named "signtool" in the Inno Setup IDE (Tools > Configure Sign Tools) or with
; iscc "/Ssigntool=signtool.exe sign /a /fd sha256 /tr http://timestamp.example /td sha256 $f"
; and uncomment:
;SignTool=signtool
;SignedUninstaller=yes

[Languages]
#ifdef HaveSwedish
Name: "swedish"; MessagesFile: "compiler:Languages\Swedish.isl"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
english.AddToPath=Make the command ame-desktop available in Command Prompt and PowerShell (adds the program folder to PATH)
#ifdef HaveSwedish
swedish.AddToPath=Gör kommandot ame-desktop tillgängligt i Kommandotolken och PowerShell (lägger programmappen i PATH)
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "{cm:AddToPath}"; Flags: unchecked

[InstallDelete]
; The old version's program files (never user data: that is not in {app}). See "Updating" above.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; The whole PyInstaller folder: both executables and _internal\ (Python, Qt, resources, migrations).
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; Start menu: the windowed executable (no console window).
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Comment: "Deltagarregister, aktivitetskrav och rapporter för arbetsmarknadsenheten"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] section on purpose: the uninstaller removes only the files it installed
; (and {app} if it is then empty). The register, backups and log in %LOCALAPPDATA%\AME Desktop
; stay where they are, so a reinstall finds them again.

[Code]
{ The optional PATH entry for ame-desktop.exe: the user's PATH (HKCU\Environment) for a per-user
  install, the system PATH for an /ALLUSERS install. Added after installing when the task is
  chosen, removed again when it is not chosen on an update, and on uninstall. }

const
  UserEnvironmentKey = 'Environment';
  SystemEnvironmentKey = 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment';

function EnvironmentRoot: Integer;
begin
  if IsAdminInstallMode then
    Result := HKEY_LOCAL_MACHINE
  else
    Result := HKEY_CURRENT_USER;
end;

function EnvironmentKey: String;
begin
  if IsAdminInstallMode then
    Result := SystemEnvironmentKey
  else
    Result := UserEnvironmentKey;
end;

procedure AddToPath(Dir: String);
var
  Paths: String;
begin
  if not RegQueryStringValue(EnvironmentRoot, EnvironmentKey, 'Path', Paths) then
    Paths := '';
  if Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Paths) + ';') > 0 then
    exit;  { already there }
  if (Paths <> '') and (Copy(Paths, Length(Paths), 1) <> ';') then
    Paths := Paths + ';';
  { REG_EXPAND_SZ keeps entries such as %USERPROFILE%\bin working }
  RegWriteExpandStringValue(EnvironmentRoot, EnvironmentKey, 'Path', Paths + Dir);
end;

procedure RemoveFromPath(Dir: String);
var
  Paths: String;
  P: Integer;
begin
  if not RegQueryStringValue(EnvironmentRoot, EnvironmentKey, 'Path', Paths) then
    exit;
  Paths := ';' + Paths + ';';
  P := Pos(';' + Uppercase(Dir) + ';', Uppercase(Paths));
  if P = 0 then
    exit;
  Delete(Paths, P, Length(Dir) + 1);  { removes ";<Dir>" }
  Paths := Copy(Paths, 2, Length(Paths) - 2);  { the ';' added at both ends }
  RegWriteExpandStringValue(EnvironmentRoot, EnvironmentKey, 'Path', Paths);
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
  begin
    if WizardIsTaskSelected('addtopath') then
      AddToPath(ExpandConstant('{app}'))
    else
      RemoveFromPath(ExpandConstant('{app}'));
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  { Only the PATH entry is cleaned up here. User data is deliberately left alone (see the top). }
  if CurUninstallStep = usPostUninstall then
    RemoveFromPath(ExpandConstant('{app}'));
end;
