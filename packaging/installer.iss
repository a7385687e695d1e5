; Inno Setup script: a per-user installer (no administrator rights) for the one-folder build.
; Needs Inno Setup 6.5 or later (its ChineseSimplified.isl is official from 6.5; earlier versions
; only have the unofficial translation). Build the folder first (python packaging\build.py), then:
;   iscc /DAppVersion=0.1.0 packaging\installer.iss
; This file is UTF-8 with a BOM, as Inno Setup before 6.3 needs for Chinese text.
; Uninstalling removes the program only: the data file and its backups live in the user's data
; folder (or wherever the user chose) and are kept.

#if Ver < EncodeVer(6, 5, 0)
  #error 需要 Inno Setup 6.5 或更新版本（官方简体中文语言文件）
#endif

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
; Per user only: {localappdata} and {userdesktop} are the installing user's own folders, so an
; administrator's "install for all users" (which would put them in the admin's profile) is not offered.
PrivilegesRequired=lowest
; Windows 10/11, 64-bit: the frozen program (Python 3.11, Qt 6) does not start on Windows 7/8 or 32-bit.
MinVersion=10.0
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
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
Name: "demoicon"; Description: "在开始菜单创建“演示数据”快捷方式（培训用，正式使用的电脑不需要）"; GroupDescription: "快捷方式："; Flags: unchecked

[InstallDelete]
; An upgrade replaces the program's libraries whole: files a newer build no longer has must not linger.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\党建融合桌面\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\党建融合桌面"; Filename: "{app}\djrh-desktop.exe"
Name: "{group}\党建融合桌面（演示数据）"; Filename: "{app}\djrh-desktop.exe"; Parameters: "--demo"; Tasks: demoicon
Name: "{group}\卸载党建融合桌面"; Filename: "{uninstallexe}"
Name: "{userdesktop}\党建融合桌面"; Filename: "{app}\djrh-desktop.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\djrh-desktop.exe"; Description: "立即运行党建融合桌面"; Flags: nowait postinstall skipifsilent
