import { spawn } from 'node:child_process'
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  DAILY_BACKUP_DAYS,
  RECENT_BACKUPS,
  TEMP_MARKER,
  keepCurrentVersion,
  listBackups,
  readVerifiedBackup,
  removeStaleTempFiles,
  writeFileDurably,
} from '../../src/main/services/durable-file'
import { projectRoot, tempDir } from '../support/paths'

describe('writeFileDurably', () => {
  it('replaces the file and leaves no temp file behind', async () => {
    const dir = await tempDir('durable')
    const target = join(dir, 'data.json')
    await writeFileDurably(target, '{"v":1}')
    await writeFileDurably(target, '{"v":2}')
    expect(await readFile(target, 'utf8')).toBe('{"v":2}')
    expect(await readdir(dir)).toEqual(['data.json'])
  })

  it('keeps the old file whole when the write is interrupted before the rename', async () => {
    const dir = await tempDir('durable')
    const target = join(dir, 'data.json')
    await writeFileDurably(target, '{"v":"old"}')
    const crash = new Error('power cut')
    await expect(
      writeFileDurably(target, '{"v":"new"}', {
        beforeRename: () => {
          throw crash
        },
      }),
    ).rejects.toBe(crash)
    expect(await readFile(target, 'utf8')).toBe('{"v":"old"}')
  })

  it('survives being killed at random moments: the file is always one whole version', async () => {
    const dir = await tempDir('crash')
    const target = join(dir, 'data.json')
    const backups = join(dir, 'backups')
    let lastSeen = 0
    let kills = 0
    for (const delay of [60, 150, 240, 330]) {
      const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'tests/support/write-loop.ts'), target, backups], {
        cwd: projectRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      let written = 0
      child.stdout.on('data', (chunk: Buffer) => {
        written += chunk.toString().split('\n').filter(Boolean).length
      })
      // Wait until the child is writing, then kill it without warning mid-loop.
      await new Promise<void>((done) => {
        const poll = setInterval(() => {
          if (written > 0) {
            clearInterval(poll)
            setTimeout(done, delay)
          }
        }, 5)
      })
      child.kill('SIGKILL')
      await new Promise((done) => child.on('exit', done))
      const content = JSON.parse(await readFile(target, 'utf8')) as { version: number; payload: string }
      expect(content.payload).toHaveLength(256 * 1024)
      expect(content.version).toBeGreaterThanOrEqual(1)
      lastSeen = content.version
      // Every kept version that matches its checksum is whole; a copy cut short by a kill fails
      // its checksum and is never restored (at most one per kill so far).
      kills++
      let cutShort = 0
      for (const backup of await listBackups(target, backups)) {
        const raw = await readVerifiedBackup(backup)
        if (raw === null) cutShort++
        else expect(JSON.parse(raw).payload).toHaveLength(256 * 1024)
      }
      expect(cutShort).toBeLessThanOrEqual(kills)
    }
    expect(lastSeen).toBeGreaterThan(0)
    // A crash can leave a temp file; opening a workspace removes them.
    await removeStaleTempFiles(dir)
    expect((await readdir(dir)).filter((name) => name.includes(TEMP_MARKER))).toEqual([])
  })

  it('keeps the replaced versions, newest first, pruned to the recent ones', async () => {
    const dir = await tempDir('backups')
    const target = join(dir, 'data.json')
    const backupDir = join(dir, 'backups')
    for (let version = 1; version <= RECENT_BACKUPS + 5; version++) {
      await writeFileDurably(target, JSON.stringify({ version }), { backupDir })
    }
    const backups = await listBackups(target, backupDir)
    // All writes happen today, so the daily rule keeps nothing extra.
    expect(backups.length).toBe(RECENT_BACKUPS)
    expect(DAILY_BACKUP_DAYS).toBeGreaterThan(0)
    // Each write keeps a copy of the version it wrote: the newest is the current one.
    expect(JSON.parse(await readFile(backups[0], 'utf8'))).toEqual({ version: RECENT_BACKUPS + 5 })
    expect(JSON.parse(await readFile(backups.at(-1)!, 'utf8'))).toEqual({ version: 6 })
  })

  it('keeps a copy of the version it wrote that damage written in place does not reach', async () => {
    const dir = await tempDir('copy')
    const target = join(dir, 'data.json')
    const backupDir = join(dir, 'backups')
    await writeFileDurably(target, '{"v":1}', { backupDir })
    await writeFileDurably(target, '{"v":2}', { backupDir })
    await writeFile(target, 'garbage')
    const [newest] = await listBackups(target, backupDir)
    expect(await readVerifiedBackup(newest)).toBe('{"v":2}')
  })

  it('makes the newest copy the version on disk, dropping one a crash cut short', async () => {
    const dir = await tempDir('heal')
    const target = join(dir, 'data.json')
    const backupDir = join(dir, 'backups')
    await writeFileDurably(target, '{"v":1}', { backupDir })
    // What a kill between the copy and the rename leaves: a newer copy, cut short.
    const cut = join(backupDir, 'data.json', `9999-12-31T00-00-00-000Z-00000001-${'0'.repeat(64)}.json`)
    await writeFile(cut, '{"v":')
    await keepCurrentVersion(target, '{"v":1}', backupDir)
    const kept = await listBackups(target, backupDir)
    expect(kept).not.toContain(cut)
    expect(await readVerifiedBackup(kept[0])).toBe('{"v":1}')
  })

  it('removes only temp files when cleaning up', async () => {
    const dir = await tempDir('temp')
    await writeFile(join(dir, `a.json${TEMP_MARKER}123-abcd`), 'partial')
    await writeFile(join(dir, 'a.json'), '{}')
    await removeStaleTempFiles(dir)
    expect(await readdir(dir)).toEqual(['a.json'])
  })
})
