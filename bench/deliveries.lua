-- wrk script for the trigger benchmark: POSTs the delivery body in the file given as the first
-- script argument, with a unique message id per request (so the trigger's duplicate filter
-- lets every request through) and one of N customers. Prints one BENCH_RESULT JSON line.
-- Arguments (after --): body file, message id prefix, number of customers.
local template = ""
local prefix = "r"
local customers = 1
local counter = 0

function init(args)
	local file = assert(io.open(args[1], "r"))
	template = file:read("*a")
	file:close()
	prefix = args[2] or prefix
	customers = tonumber(args[3] or "1")
	wrk.method = "POST"
	wrk.headers["Content-Type"] = "application/json"
end

function request()
	counter = counter + 1
	local customer = counter % customers
	local body = template:gsub("__MSGID__", prefix .. counter)
	body = body:gsub("__APPUSER__", string.format("benchappuser%012d", customer))
	body = body:gsub("__PHONE__", tostring(27820000000 + customer))
	return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
	io.write(string.format(
		'BENCH_RESULT {"requests":%d,"durationUs":%d,"statusErrors":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"timeouts":%d,"p50Us":%d,"p90Us":%d,"p99Us":%d,"meanUs":%.1f,"maxUs":%d}\n',
		summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
		summary.errors.write, summary.errors.timeout, latency:percentile(50), latency:percentile(90),
		latency:percentile(99), latency.mean, latency.max))
end
