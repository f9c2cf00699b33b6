-- wrk script: POSTs a new ODCS contract per request (ids unique across threads and requests),
-- with the bearer token in $DCL_TOKEN, to $DCL_PATH (default /api/contracts; publish-phases.sh
-- posts the same bodies to the dry run and to a route that does nothing with them). Used by
-- http-load.sh, compare-publish.sh and publish-phases.sh.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  token = os.getenv("DCL_TOKEN")
  path = os.getenv("DCL_PATH") or "/api/contracts"
  -- Each wrk run restarts the counter, so ids also carry the run (round) number.
  round = os.getenv("DCL_ROUND") or "0"
  template = [[
apiVersion: v3.1.0
kind: DataContract
id: sales.load_@R@_@T@_@N@
name: Load @R@ @T@ @N@
version: 1.0.0
status: active
domain: sales
dataProduct: load_@R@_@T@_@N@
description:
  purpose: Load test product @R@ @T@ @N@
tags: [load, sales]
team:
  members:
    - username: sales-de@company.com
      role: owner
schema:
  - name: orders
    properties:
      - name: order_id
        logicalType: string
        required: true
        primaryKey: true
      - name: amount
        logicalType: number
        physicalType: decimal(12,2)
        required: true
      - name: channel
        logicalType: string
]]
end

function request()
  counter = counter + 1
  local body = template:gsub("@R@", round):gsub("@T@", tostring(tid)):gsub("@N@", tostring(counter))
  return wrk.format("POST", path,
    { ["Content-Type"] = "application/yaml", ["Authorization"] = "Bearer " .. token }, body)
end
