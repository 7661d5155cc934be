// Messages that cross the process boundary (errors and notices) in both UI languages.
// Main formats them in the user's language so the CLI, the app and the tests say the same thing.
import type { Locale } from './model'

type Catalog = Record<string, Record<Locale, string>>

export const errorMessages = {
  INVALID_INPUT: {
    'zh-CN': '请求的参数无效：{detail}',
    en: 'Invalid request: {detail}',
  },
  UNKNOWN_OPERATION: {
    'zh-CN': '未知的操作：{operation}',
    en: 'Unknown operation: {operation}',
  },
  NO_WORKSPACE: {
    'zh-CN': '当前没有打开的工作区。请新建或打开一个工作区。',
    en: 'No workspace is open. Create or open a workspace.',
  },
  WORKSPACE_NOT_FOUND: {
    'zh-CN': '找不到工作区文件夹：{path}',
    en: 'Workspace folder not found: {path}',
  },
  NOT_A_WORKSPACE: {
    'zh-CN': '该文件夹不是工作区（缺少 workspace.json）：{path}',
    en: 'This folder is not a workspace (no workspace.json): {path}',
  },
  FOLDER_NOT_EMPTY: {
    'zh-CN': '新工作区需要一个空文件夹，而该文件夹中已有其他文件：{path}',
    en: 'A new workspace needs an empty folder; this one already holds other files: {path}',
  },
  WORKSPACE_TOO_NEW: {
    'zh-CN': '该工作区由更新版本的工作台创建（格式版本 {found}，本程序支持 {supported}）。为避免损坏数据，未打开它。请升级工作台。',
    en: 'This workspace was written by a newer version of the workbench (format {found}; this version reads {supported}). It was not opened, so nothing in it can be damaged. Please upgrade.',
  },
  WORKSPACE_LOCKED: {
    'zh-CN': '该工作区正被另一个仍在运行的工作台程序使用（本机进程 {pid}，自 {since} 起），可能是一个窗口或一条命令。请等它结束或关闭它后再打开。',
    en: 'This workspace is in use by another workbench that is still running (process {pid} on this computer, since {since}): a window or a command. Wait for it to finish, or close it, then open the workspace again.',
  },
  WORKSPACE_READ_ONLY: {
    'zh-CN': '工作区文件夹是只读的，无法保存更改：{path}',
    en: 'The workspace folder is read-only; changes cannot be saved: {path}',
  },
  DOCUMENT_NOT_FOUND: {
    'zh-CN': '找不到文档：{id}',
    en: 'Document not found: {id}',
  },
  DOCUMENT_FILE_MISSING: {
    'zh-CN': '文档「{title}」的正文文件缺失（{path}）。其元数据和标注仍然保留。',
    en: 'The text file of “{title}” is missing ({path}). Its metadata and annotations are kept.',
  },
  ANNOTATION_NOT_FOUND: {
    'zh-CN': '找不到标注：{id}',
    en: 'Annotation not found: {id}',
  },
  SPAN_OUT_OF_RANGE: {
    'zh-CN': '标注范围 {start}–{end} 超出文档长度 {length}。',
    en: 'Span {start}–{end} lies outside the document (length {length}).',
  },
  UNKNOWN_LABEL: {
    'zh-CN': '未知的标签：{label}',
    en: 'Unknown label: {label}',
  },
  LABEL_BUILT_IN: {
    'zh-CN': '内置标签「{label}」不能删除。',
    en: 'The built-in label “{label}” cannot be deleted.',
  },
  LABEL_IN_USE: {
    'zh-CN': '标签「{label}」仍有 {count} 条标注在使用，不能删除。',
    en: 'The label “{label}” is still used by {count} annotations and cannot be deleted.',
  },
  SHORTCUT_TAKEN: {
    'zh-CN': '快捷键 {shortcut} 已被标签「{label}」使用。',
    en: 'The shortcut {shortcut} is already used by the label “{label}”.',
  },
  IMPORT_PREVIEW_EXPIRED: {
    'zh-CN': '该导入预览已失效，请重新选择文件。',
    en: 'This import preview has expired; choose the file again.',
  },
  FILE_UNREADABLE: {
    'zh-CN': '无法读取文件 {path}：{reason}',
    en: 'Cannot read {path}: {reason}',
  },
  FILE_NOT_UTF8: {
    'zh-CN': '文件 {path} 不是有效的 UTF-8 文本。',
    en: '{path} is not valid UTF-8 text.',
  },
  FILE_EMPTY: {
    'zh-CN': '文件 {path} 没有正文。',
    en: '{path} contains no text.',
  },
  FILE_TOO_LARGE: {
    'zh-CN': '文件 {path} 太大（{size} MB，上限 {limit} MB）。',
    en: '{path} is too large ({size} MB; the limit is {limit} MB).',
  },
  UNSUPPORTED_FORMAT: {
    'zh-CN': '不支持导入 {ext} 文件：{path}。可导入的格式：.txt、.docx、.html/.htm、.pdf。',
    en: '{ext} files cannot be imported: {path}. Supported formats: .txt, .docx, .html/.htm, .pdf.',
  },
  LEGACY_WORD_FORMAT: {
    'zh-CN': '{path} 是旧版 Word 格式（.doc），无法直接导入。请在 Word 或 WPS 中打开，另存为 .docx 后再导入。',
    en: '{path} is in the old Word format (.doc), which cannot be imported. Open it in Word or WPS, save it as .docx, and import that.',
  },
  FILE_BINARY: {
    'zh-CN': '{path} 不是文本文件（内容是二进制数据），可能是扩展名被改过的其他类型文件。',
    en: '{path} is not a text file (it holds binary data); it may be another kind of file renamed.',
  },
  FILE_CORRUPT: {
    'zh-CN': '文件 {path} 已损坏或不完整，无法读取（{reason}）。',
    en: '{path} is damaged or incomplete and cannot be read ({reason}).',
  },
  FILE_ENCRYPTED: {
    'zh-CN': '文件 {path} 设有密码保护（已加密），无法读取。请先在原程序中取消密码，再导入。',
    en: '{path} is password-protected (encrypted) and cannot be read. Remove the password in the program that made it, then import it.',
  },
  PDF_NO_TEXT: {
    'zh-CN': 'PDF 文件 {path}（{pages} 页）没有文字层，可能是扫描件。请先用 OCR 软件识别文字，再导入。',
    en: 'The PDF {path} ({pages} pages) has no text layer; it is probably a scan. Run it through OCR software first, then import it.',
  },
  ARCHIVE_TOO_LARGE: {
    'zh-CN': '{path} 解压后过大（{size} MB，上限 {limit} MB），为安全起见没有打开。',
    en: '{path} would unpack to too much data ({size} MB; the limit is {limit} MB), so it was not opened.',
  },
  ARCHIVE_TOO_MANY_ENTRIES: {
    'zh-CN': '{path} 内含 {count} 个部件，超过上限 {limit}，为安全起见没有打开。',
    en: '{path} holds {count} parts, more than the limit of {limit}, so it was not opened.',
  },
  ARCHIVE_SUSPICIOUS: {
    'zh-CN': '{path} 中的部件 {entry} 压缩比异常（{ratio}:1），像是“压缩炸弹”，为安全起见没有打开。',
    en: 'The part {entry} of {path} is compressed {ratio}:1, which is typical of a zip bomb, so the file was not opened.',
  },
  ENCODING_UNSUPPORTED: {
    'zh-CN': '不支持的文本编码：{encoding}',
    en: 'Unsupported text encoding: {encoding}',
  },
  WRITE_FAILED: {
    'zh-CN': '保存失败（{path}）：{reason}。之前保存的内容没有丢失。',
    en: 'Saving failed ({path}): {reason}. What was saved before is intact.',
  },
  // ---- annotation files and review (issue 6) ----
  EXCHANGE_UNSUPPORTED: {
    'zh-CN': '无法导入标注文件 {path}：只支持 .pwb.json、.csv 和 .qdpx。',
    en: 'Cannot import the annotation file {path}: only .pwb.json, .csv and .qdpx are supported.',
  },
  EXCHANGE_INVALID: {
    'zh-CN': '标注文件 {path} 的内容无效（{reason}）。工作区没有任何改动。',
    en: 'The annotation file {path} is not valid ({reason}). Nothing in the workspace was changed.',
  },
  EXCHANGE_TOO_NEW: {
    'zh-CN': '标注文件 {path} 由更新版本的工作台导出（格式版本 {found}，本程序支持 {supported}）。请升级工作台。工作区没有任何改动。',
    en: 'The annotation file {path} was exported by a newer workbench (format {found}; this version reads {supported}). Please upgrade. Nothing in the workspace was changed.',
  },
  EXCHANGE_UNSAFE_KEY: {
    'zh-CN': '标注文件 {path} 含有不允许的键「{key}」，可能是恶意构造的文件，已拒绝。工作区没有任何改动。',
    en: 'The annotation file {path} contains the forbidden key “{key}” and may have been crafted to attack; it was refused. Nothing in the workspace was changed.',
  },
  CSV_COLUMNS: {
    'zh-CN': 'CSV 文件 {path} 的列不符合要求。缺少：{missing}；多余：{extra}。工作区没有任何改动。',
    en: 'The columns of the CSV file {path} are not the expected ones. Missing: {missing}; unexpected: {extra}. Nothing in the workspace was changed.',
  },
  CSV_MALFORMED: {
    'zh-CN': 'CSV 文件 {path} 第 {line} 行有误（{reason}）。工作区没有任何改动。',
    en: 'Line {line} of the CSV file {path} is malformed ({reason}). Nothing in the workspace was changed.',
  },
  ARCHIVE_UNSAFE_PATH: {
    'zh-CN': '{path} 中的部件路径「{entry}」指向压缩包之外，为安全起见没有打开。工作区没有任何改动。',
    en: 'The part “{entry}” of {path} points outside the archive, so the file was not opened. Nothing in the workspace was changed.',
  },
  SOURCE_NOT_FOUND: {
    'zh-CN': '找不到标注来源：{id}',
    en: 'Annotation source not found: {id}',
  },
  REVIEW_NEEDS_SOURCES: {
    'zh-CN': '审阅至少需要两个标注来源。',
    en: 'Review needs at least two annotation sources.',
  },
  REVIEW_CURATED_AS_SOURCE: {
    'zh-CN': '审定结果不能作为待审阅的来源：审阅的决定正是写入审定结果。',
    en: 'The curated source cannot be one of the sources under review: review decisions are written to it.',
  },
  CURATED_UNREADABLE: {
    'zh-CN': '审定结果文件 {file} 已损坏且没有可用备份，为免覆盖，暂不能记录审阅决定。请把该文件移走（或修复）后重新打开工作区。',
    en: 'The curated file {file} is damaged and no backup was usable, so no review decision is recorded, to avoid overwriting it. Move the file away (or repair it) and reopen the workspace.',
  },
  SOURCE_DELETE_CURATED: {
    'zh-CN': '审定结果不能删除：它保存了所有审阅决定。',
    en: 'The curated source cannot be deleted: it holds every review decision.',
  },
  EXCHANGE_PARTIAL: {
    'zh-CN': '导入标注文件 {path} 时中途失败（{reason}），没有建立标注来源。此前已添加到工作区：{added}。',
    en: 'Importing the annotation file {path} failed part-way ({reason}); no source was created. Already added to the workspace: {added}.',
  },
  AGREEMENT_TEXT_TOO_LONG: {
    'zh-CN': '文档 {document} 的长度（{length} 个字符，取自标注文件）超过上限 {limit}，无法计算一致性。文件可能有误。',
    en: 'The document {document} would be {length} characters long (taken from the annotation file), over the limit of {limit}, so agreement was not computed. The file is probably wrong.',
  },
  // ---- compare across years and the codebook (issue 5) ----
  INDICATOR_NOT_FOUND: {
    'zh-CN': '代码表中没有指标：{key}',
    en: 'No indicator {key} in the codebook.',
  },
  INDICATOR_IN_USE: {
    'zh-CN': '指标「{key}」仍被 {count} 条标注使用，不能删除。请先把它合并到另一个指标。',
    en: 'The indicator “{key}” is still used by {count} annotations, so it cannot be deleted. Merge it into another indicator instead.',
  },
  INDICATOR_MERGE_SELF: {
    'zh-CN': '不能把指标合并到它自己。',
    en: 'An indicator cannot be merged into itself.',
  },
  SAVE_DIALOG_UNAVAILABLE: {
    'zh-CN': '此环境无法选择保存位置。',
    en: 'No save dialog is available here.',
  },
  INTERNAL: {
    'zh-CN': '内部错误：{reason}',
    en: 'Internal error: {reason}',
  },
  // ---- lossless exchange (issue 10) ----
  CSV_ROWS_INVALID: {
    'zh-CN': 'CSV 文件 {path} 有 {count} 行的值无效，整个文件没有导入，工作区没有任何改动：{rows}',
    en: 'The CSV file {path} has {count} row(s) with invalid values, so nothing of it was imported and the workspace is unchanged: {rows}',
  },
  SOURCE_DUPLICATE: {
    'zh-CN': '标注文件 {path} 的内容已作为来源「{source}」导入过。请选择替换该来源，或保留两者（新来源名为「{copyName}」）；命令行用 --on-duplicate replace 或 --on-duplicate keep-both。',
    en: 'The content of the annotation file {path} was imported before, as the source “{source}”. Choose to replace that source or to keep both (the new one named “{copyName}”); on the command line, --on-duplicate replace or --on-duplicate keep-both.',
  },
  IMPORT_PENDING_GONE: {
    'zh-CN': '待决定的导入已失效，请重新导入该文件。',
    en: 'That pending import is no longer available; import the file again.',
  },
  ANNOTATOR_MISSING: {
    'zh-CN': '导出前请先填写标注人姓名（设置 ▸ 标注人；命令行用 --annotator 姓名）：导出的文件必须注明由谁标注。',
    en: 'Set your name as annotator before exporting (Settings ▸ Annotator; on the command line, --annotator NAME): an exported file must say who annotated it.',
  },
  DOCUMENT_EXISTS: {
    'zh-CN': '工作区中已有这个文档（{id}），无需恢复。',
    en: 'The workspace already holds this document ({id}); there is nothing to restore.',
  },
  DELETED_DOCUMENT_NOT_FOUND: {
    'zh-CN': '在 backups/ 中找不到已删除的文档 {id}，无法恢复。',
    en: 'No deleted document {id} in backups/; it cannot be restored.',
  },
  // ---- locks (issue 14) ----
  WORKSPACE_LOCKED_ELSEWHERE: {
    'zh-CN': '该工作区被另一台电脑锁定：主机 {host}（进程 {pid}），自 {since} 起。本机无法确认那边是否仍在使用。如果那台电脑上已经没有工作台在使用它（例如曾经崩溃或断电），可以接管锁定：在程序中确认接管，或在命令行加上 --force-unlock。',
    en: 'This workspace is locked by another computer: {host} (process {pid}), since {since}. This computer cannot tell whether it is still in use there. If no workbench uses it there any more (after a crash or a power cut, say), you can take the lock over: confirm in the app, or add --force-unlock on the command line.',
  },
  WORKSPACE_LOCK_UNCERTAIN: {
    'zh-CN': '该工作区的锁属于本机进程 {pid}（主机 {host}，自 {since} 起）。该进程号仍在运行，但无法确认它还是那个工作台（进程号可能已被其他程序重用）。如果没有别的工作台窗口或命令在使用该工作区，可以接管锁定：在程序中确认接管，或在命令行加上 --force-unlock。',
    en: 'This workspace is locked by process {pid} on {host}, since {since}. A process with that number is running, but it cannot be confirmed to be that workbench (numbers are reused). If no other workbench window or command uses this workspace, you can take the lock over: confirm in the app, or add --force-unlock on the command line.',
  },
  // ---- bounded cost of hostile input (issue 14) ----
  PDF_DECODED_TOO_LARGE: {
    'zh-CN': 'PDF 文件 {path} 解压后的内容超过 {limit} MB（文件本身大小的 {ratio} 倍），像是“压缩炸弹”，为安全起见没有打开。',
    en: 'The PDF {path} would unpack to more than {limit} MB ({ratio} times its own size), which is typical of a decompression bomb, so it was not opened.',
  },
  ANNOTATION_ROWS_TOO_MANY: {
    'zh-CN': '标注文件 {path} 超过 {limit} 条标注的导入上限，未导入任何内容。可在“设置”中提高“导入标注的最多条数”（命令行：--max-rows）。',
    en: 'The annotation file {path} holds more than {limit} annotations, the import limit; nothing was imported. Raise “Most annotations per imported file” in Settings (command line: --max-rows).',
  },
  // ---- sources in every view, adoption (issue 10) ----
  SOURCE_UNKNOWN: {
    'zh-CN': '没有名为「{id}」的标注来源。可用的来源：{known}',
    en: 'There is no annotation source “{id}”. Sources: {known}',
  },
  ADOPT_FROM_WORKSPACE: {
    'zh-CN': '本工作区的标注已经在工作区中，无需采纳。请选择一个导入的来源或审定集。',
    en: 'The workspace’s own annotations are already in the workspace. Choose an imported source or the curated set to adopt.',
  },
  ADOPT_READ_ONLY: {
    'zh-CN': '工作区是只读的，无法采纳：没有写入任何内容。{path}',
    en: 'The workspace is read-only, so nothing was adopted and nothing was written: {path}',
  },
  // ---- team sync (issue 11) ----
  SYNC_NOT_CONFIGURED: {
    'zh-CN': '该工作区尚未连接团队数据库。请在“设置 → 团队同步”中填写服务器、数据库和用户名。',
    en: 'This workspace is not connected to a team database. Enter the server, database and user in Settings → Team sync.',
  },
  SYNC_URL_INVALID: {
    'zh-CN': '服务器地址无效：{url}。请填写 https://… 形式的地址。',
    en: 'Invalid server address: {url}. Enter an address like https://….',
  },
  SYNC_URL_CREDENTIALS: {
    'zh-CN': '服务器地址中不能包含用户名或密码（{url}）。请分别填写用户名和密码。',
    en: 'The server address may not contain a user name or password ({url}). Enter them in their own fields.',
  },
  SYNC_INSECURE_URL: {
    'zh-CN': '{url} 使用未加密的 HTTP，密码会以明文传输。请改用 HTTPS；确需使用时请明确确认（命令行：--allow-http）。',
    en: '{url} uses unencrypted HTTP, so the password would travel in clear text. Use HTTPS, or confirm explicitly (command line: --allow-http).',
  },
  SYNC_UNREACHABLE: {
    'zh-CN': '无法连接团队服务器 {url}（{reason}）。所有更改都已保存在本机，{pending} 项待同步，联网后再同步即可。',
    en: 'Cannot reach the team server {url} ({reason}). Every change is saved on this computer; {pending} waiting to sync. Sync again when the server is reachable.',
  },
  SYNC_UNAUTHORIZED: {
    'zh-CN': '团队服务器 {url} 拒绝了用户「{user}」的用户名或密码（401）。请检查后重试；本机的更改都已保存，{pending} 项待同步。',
    en: 'The team server {url} refused the user name or password of “{user}” (401). Check them and try again; your changes are saved here, {pending} waiting to sync.',
  },
  SYNC_FORBIDDEN: {
    'zh-CN': '用户「{user}」没有访问团队数据库 {db} 的权限（403）。请联系管理员；本机的更改都已保存，{pending} 项待同步。',
    en: 'The user “{user}” may not use the team database {db} (403). Ask the administrator; your changes are saved here, {pending} waiting to sync.',
  },
  SYNC_DB_MISSING: {
    'zh-CN': '服务器 {url} 上没有团队数据库 {db}（404）。请检查数据库名称，或请管理员先创建它；本机的更改都已保存，{pending} 项待同步。',
    en: 'The server {url} has no team database {db} (404). Check the name, or ask the administrator to create it; your changes are saved here, {pending} waiting to sync.',
  },
  SYNC_BAD_RESPONSE: {
    'zh-CN': '团队服务器 {url} 的回应无法识别（{reason}），可能不是 CouchDB 服务器。本机的更改都已保存，{pending} 项待同步。',
    en: 'The team server {url} answered something that is not CouchDB’s protocol ({reason}). Your changes are saved here; {pending} waiting to sync.',
  },
  SYNC_CONFLICT_NOT_FOUND: {
    'zh-CN': '记录 {id} 没有版本 {rev} 的冲突待解决（可能已被解决）。',
    en: 'The record {id} has no conflicting version {rev} to resolve (it may have been resolved already).',
  },
} satisfies Catalog

export const noticeMessages = {
  RECOVERED_FROM_BACKUP: {
    'zh-CN': '文件 {file} 已损坏，已另存为 {keptAs}，并恢复为最近一次完整保存的版本（{backup}）。',
    en: '{file} was damaged. It was kept as {keptAs} and restored to its last complete save ({backup}).',
  },
  SOURCE_CORRUPT_NO_BACKUP: {
    'zh-CN': '标注来源文件 {file} 已损坏且没有可用备份，已另存为 {keptAs}，该来源暂不显示。可以重新导入原来的标注文件。',
    en: 'The annotation source file {file} was damaged and no backup was usable. It was kept as {keptAs} and the source is not shown; you can import the original file again.',
  },
  CURATED_CORRUPT_NO_BACKUP: {
    'zh-CN': '审定结果文件 {file} 已损坏且没有可用备份。文件保持原样；在移走或修复它之前不能记录审阅决定。',
    en: 'The curated file {file} was damaged and no backup was usable. It is left as it is; review decisions cannot be recorded until it is moved away or repaired.',
  },
  CORRUPT_NO_BACKUP: {
    'zh-CN': '文件 {file} 已损坏且没有可用备份。原文件已另存为 {keptAs}，该文档暂无标注。',
    en: '{file} was damaged and no backup was usable. It was kept as {keptAs}; the document starts with no annotations.',
  },
  WORKSPACE_REBUILT: {
    'zh-CN': 'workspace.json 已损坏且没有可用备份，已另存为 {keptAs}。已根据 {count} 个文档文件重建工作区；标签和设置恢复为默认值。',
    en: 'workspace.json was damaged and no backup was usable; it was kept as {keptAs}. The workspace was rebuilt from {count} document files; labels and settings were reset.',
  },
  DOCUMENT_FILES_MISSING: {
    'zh-CN': '{count} 个文档的正文文件缺失：{titles}。它们的元数据和标注仍然保留。',
    en: '{count} document text files are missing: {titles}. Their metadata and annotations are kept.',
  },
  OPENED_READ_ONLY: {
    'zh-CN': '工作区文件夹是只读的，已以只读方式打开：可以阅读，但不能保存更改。',
    en: 'The workspace folder is read-only, so it was opened read-only: you can read but not save changes.',
  },
  STALE_LOCK_REMOVED: {
    'zh-CN': '上次使用该工作区的程序（进程 {pid}）没有正常退出，已解除其锁定。',
    en: 'The program that last used this workspace (process {pid}) did not exit cleanly; its lock was released.',
  },
  // ---- locks and recovery (issue 14) ----
  LOCK_TAKEN_OVER: {
    'zh-CN': '已按你的确认接管锁定。原锁定属于主机 {host} 上的进程 {pid}，自 {since} 起。',
    en: 'The lock was taken over as you confirmed. It belonged to process {pid} on {host}, since {since}.',
  },
  OPENED_WITHOUT_LOCK: {
    'zh-CN': '以只读方式打开，未占用工作区锁定：可以同时在程序中编辑，本次读取之后的更改不包含在结果中。',
    en: 'Opened read-only without taking the workspace lock: the app may keep editing meanwhile; changes made after this read are not included.',
  },
  RESTORED_MISSING_FILE: {
    'zh-CN': '文件 {file} 不见了，已恢复为最近一次完整保存的版本（{backup}）。',
    en: '{file} was missing. It was restored to its last complete save ({backup}).',
  },
  WORKSPACE_REBUILT_MISSING: {
    'zh-CN': 'workspace.json 不见了，也没有可用备份。已根据 {count} 个文档文件重建工作区；标签和设置恢复为默认值。',
    en: 'workspace.json was missing and no backup was usable. The workspace was rebuilt from {count} document files; labels and settings were reset.',
  },
  DOCUMENTS_REATTACHED: {
    'zh-CN': '磁盘上有 {count} 个文档不在工作区列表中，已重新加入：{titles}。它们的标注也一并恢复。',
    en: '{count} documents on disk were missing from the workspace list and were put back: {titles}. Their annotations are back too.',
  },
  ANNOTATIONS_UNATTACHED: {
    'zh-CN': '{count} 个标注文件找不到对应的文档正文，无法显示，已原样保留：{files}。',
    en: '{count} annotation files have no document text to show them on and could not be recovered; they are kept as they are: {files}.',
  },
  // ---- team sync (issue 11) ----
  DOCUMENT_DELETED_BY_TEAM: {
    'zh-CN': '文档《{title}》已在团队的另一台电脑上删除。本机已把它和其上的标注移到 backups/deleted-documents/，可用命令行 documents restore 恢复。',
    en: '“{title}” was deleted on another computer of the team. Here it was moved, with its annotations, to backups/deleted-documents/; the command line’s documents restore brings it back.',
  },
} satisfies Catalog

export type ErrorCode = keyof typeof errorMessages
export type NoticeCode = keyof typeof noticeMessages
export type MessageParams = Record<string, string | number>

function fill(template: string, params: MessageParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  )
}

export function formatError(code: ErrorCode, params: MessageParams, locale: Locale): string {
  return fill(errorMessages[code][locale], params)
}

export function formatNotice(code: NoticeCode, params: MessageParams, locale: Locale): string {
  return fill(noticeMessages[code][locale], params)
}

/** Why a CSV row's value cannot be right (issue 10), said in the user's language. */
export const csvRowReasonMessages = {
  'not-a-number': { 'zh-CN': '不是数字', en: 'not a number' },
  'value-max-below-value': { 'zh-CN': 'value_max 小于 value', en: 'value_max is below value' },
  'year-out-of-range': { 'zh-CN': '年份须在 1900–2200 之间', en: 'the year must lie between 1900 and 2200' },
  'follow-up-status-unknown': { 'zh-CN': '未知的后续状态（done、in-progress、dropped、none）', en: 'unknown follow-up status (done, in-progress, dropped, none)' },
  'link-malformed': { 'zh-CN': '关联应写作 类型:标注id@文档id，以 ; 分隔', en: 'links are written type:annotationId@documentId, separated by ;' },
  'link-target-missing': { 'zh-CN': '关联的标注不在该文件中', en: 'the linked annotation is not in the file' },
  'timestamp-invalid': { 'zh-CN': '不是 ISO 8601 时间（如 2026-01-02T03:04:05.000Z）', en: 'not an ISO 8601 time (e.g. 2026-01-02T03:04:05.000Z)' },
} satisfies Catalog

export function formatCsvRowProblems(
  rows: ReadonlyArray<{ line: number; column: string; value: string; reason: keyof typeof csvRowReasonMessages }>,
  locale: Locale,
): string {
  return rows
    .map((row) =>
      locale === 'zh-CN'
        ? `第 ${row.line} 行 ${row.column}「${row.value.slice(0, 60)}」：${csvRowReasonMessages[row.reason][locale]}`
        : `line ${row.line}, ${row.column} “${row.value.slice(0, 60)}”: ${csvRowReasonMessages[row.reason][locale]}`,
    )
    .join(locale === 'zh-CN' ? '；' : '; ')
}
/** Lock errors the user may resolve by taking the lock over (the app asks; the CLI has --force-unlock). */
export const FORCEABLE_LOCK_ERRORS: readonly ErrorCode[] = ['WORKSPACE_LOCKED_ELSEWHERE', 'WORKSPACE_LOCK_UNCERTAIN']
