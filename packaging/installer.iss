; Inno Setup script: a per-user installer (no administrator rights) for the one-folder build.
; Build the folder first (python packaging\build.py), then compile this with Inno Setup 6:
;   iscc /DAppVersion=0.1.0 packaging\installer.iss
; Uninstalling removes the program only: the data file and its backups live in the user's data
; folder (or wherever the user chose) and are kept.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{5B0C8F4E-4C2E-4C7B-9E5A-6A1D2C3B7F10}
AppName=党建融合桌面
AppVersion={#AppVersion}
AppPublisher=党建融合桌面
DefaultDirName={localappdata}\Programs\党建融合桌面
DefaultGroupName=党建融合桌面
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\dist
OutputBaseFilename=党建融合桌面-安装-{#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
SetupIconFile=djrh.ico
UninstallDisplayIcon={app}\djrh-desktop.exe
ShowLanguageDialog=no

[Languages]
Name: "chs"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; GroupDescription: "快捷方式："

[Files]
Source: "..\dist\党建融合桌面\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\党建融合桌面"; Filename: "{app}\djrh-desktop.exe"
Name: "{group}\党建融合桌面（演示数据）"; Filename: "{app}\djrh-desktop.exe"; Parameters: "--demo"
Name: "{group}\卸载党建融合桌面"; Filename: "{uninstallexe}"
Name: "{userdesktop}\党建融合桌面"; Filename: "{app}\djrh-desktop.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\djrh-desktop.exe"; Description: "立即运行党建融合桌面"; Flags: nowait postinstall skipifsilent
