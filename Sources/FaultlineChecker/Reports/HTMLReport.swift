import FaultlineHistory

/// A self-contained HTML page for a checked history: one timeline lane per process, each
/// operation a bar from invocation to completion, with the offending operation highlighted and
/// the longest linearization drawn as points joined across the bars; below it, each completed
/// operation's latency over the same axis, coloured by operation; fault windows (the nemesis's
/// start and stop events) shaded on both.
///
/// Everything (styles, script, data) is inline, so the file can be archived by CI and opened
/// anywhere without a network. Drawing is on a canvas and only the visible window is drawn, so
/// histories of tens of thousands of operations stay usable.
public enum HTMLReport {
    public static func render(_ report: CheckReport, history: PairedHistory, title: String) -> String {
        let data = dataJSON(report, history: history)
        return page
            .replacing("%TITLE%", with: escape(title))
            .replacing("%VERDICT_CLASS%", with: report.verdict.rawValue)
            .replacing("%SUMMARY%", with: escape(report.summary))
            .replacing("%EXPLANATION%", with: escape(report.violations.isEmpty ? "" : TextReport.render(report)))
            .replacing("%DATA%", with: data.replacing("</", with: "<\\/"))
    }

    /// The operations (failed ones included, for context) and the explanation, as compact JSON.
    static func dataJSON(_ report: CheckReport, history: PairedHistory) -> String {
        func row(_ operation: Operation, outcome: String) -> String {
            let key = operation.key.map { JSONLCodec.quoted($0.description) } ?? "null"
            var latency = "null"
            if let start = operation.invokeTime, let end = operation.completionTime, operation.completionIndex != nil {
                latency = String(Double((end - start) / 1000) / 1000)  // milliseconds, to the microsecond
            }
            return "[\(operation.process),\(operation.invokeIndex),\(operation.completionIndex ?? -1),\(JSONLCodec.quoted(outcome)),"
                + "\(JSONLCodec.quoted(operation.f)),\(JSONLCodec.quoted(operation.input.description)),"
                + "\(JSONLCodec.quoted(operation.output?.description ?? "?")),\(key),\(latency)]"
        }
        let rows = history.operations.map { row($0, outcome: $0.outcome == .ok ? "ok" : "info") }
            + history.failed.map { row($0, outcome: "fail") }
        let violations = report.violations.map { explanation in
            let points = explanation.linearization.map { step in
                "[\(step.operation.invokeIndex),\(JSONLCodec.quoted(step.step)),\(JSONLCodec.quoted(step.stateAfter))]"
            }
            let states = explanation.possibleStates.map { JSONLCodec.quoted("\($0.state): \($0.reason)") }
            return "{\"invoke\":\(explanation.operation.invokeIndex),\"step\":\(JSONLCodec.quoted(explanation.step)),"
                + "\"key\":\(explanation.key.map { JSONLCodec.quoted($0.description) } ?? "null"),"
                + "\"linearization\":[\(points.joined(separator: ","))],\"states\":[\(states.joined(separator: ","))]}"
        }
        var windows: [String] = []
        var opened = (index: 0, label: "")
        var inForce = 0
        for event in history.nemesis {
            if event.f == "partition" || event.f.hasPrefix("start") {
                if inForce == 0 { opened = (event.index, event.value.stringValue ?? event.f) }
                inForce += 1
            } else if event.f == "heal" || event.f.hasPrefix("stop"), inForce > 0 {
                inForce -= 1
                if inForce == 0 { windows.append("[\(opened.index),\(event.index),\(JSONLCodec.quoted(opened.label))]") }
            }
        }
        if inForce > 0 { windows.append("[\(opened.index),\(history.eventCount),\(JSONLCodec.quoted(opened.label))]") }
        return "{\"events\":\(history.eventCount),\"ops\":[\(rows.joined(separator: ","))],"
            + "\"violations\":[\(violations.joined(separator: ","))],\"faults\":[\(windows.joined(separator: ","))]}"
    }

    static func escape(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;")
            .replacing(">", with: "&gt;").replacing("\"", with: "&quot;")
    }

    private static let page = #"""
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8"><title>Faultline check: %TITLE%</title>
    <style>
    body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
    header{padding:14px 20px;background:#fff;border-bottom:1px solid #dde1e7}
    h1{font-size:17px;margin:0 0 4px}
    .verdict{display:inline-block;padding:2px 8px;border-radius:4px;font-weight:600;color:#fff}
    .linearizable{background:#2e7d4f}.not-linearizable{background:#c62828}.unknown{background:#8a6d00}
    #controls{padding:8px 20px;display:flex;gap:8px;align-items:center;flex-wrap:wrap}
    button,select{font:inherit;padding:3px 10px;border:1px solid #b8bfca;background:#fff;border-radius:4px;cursor:pointer}
    #wrap{position:relative;margin:0 20px;background:#fff;border:1px solid #dde1e7;overflow-y:auto;max-height:70vh}
    canvas{display:block;cursor:grab}
    #tip{position:fixed;pointer-events:none;background:#1d2330;color:#fff;padding:6px 9px;border-radius:4px;font-size:12px;display:none;white-space:pre;z-index:2}
    #latwrap{margin:8px 20px 0;background:#fff;border:1px solid #dde1e7}
    .caption{padding:4px 8px;font-size:12px;color:#67707f}
    #details{margin:10px 20px;padding:10px 14px;background:#fff;border:1px solid #dde1e7;white-space:pre-wrap;font:12px/1.5 ui-monospace,monospace}
    .legend span{display:inline-block;width:12px;height:10px;margin:0 4px 0 10px;vertical-align:middle}
    pre{margin:10px 20px;padding:10px 14px;background:#fff;border:1px solid #dde1e7;overflow-x:auto;font-size:12px}
    </style></head><body>
    <header><h1>%TITLE%</h1><span class="verdict %VERDICT_CLASS%">%VERDICT_CLASS%</span> %SUMMARY%</header>
    <div id="controls">
     <button id="fit">Whole history</button><button id="focus">Go to the violation</button>
     <select id="key"></select>
     <span class="legend"><span style="background:#4f7fd9"></span>ok<span style="background:#e8a33d"></span>info / pending<span style="background:#c5c9d1"></span>fail<span style="background:#fff;border:2px solid #c62828"></span>cannot be linearized<span style="background:#1d2330;border-radius:50%"></span>linearization<span style="background:#fde7e7"></span>fault window</span>
     <span>wheel: zoom, drag: pan, click: details</span>
    </div>
    <div id="wrap"><canvas id="c"></canvas></div>
    <div id="latwrap"><div class="caption">Latency of completed operations (ms, log scale), at their invocation <span id="latlegend" class="legend"></span></div><canvas id="lat"></canvas></div>
    <div id="details">Click an operation for its details.</div>
    <pre id="explanation">%EXPLANATION%</pre>
    <div id="tip"></div>
    <script>
    (()=>{
    const D=%DATA%;
    const lane=20,laneTop=24,left=70,canvas=document.getElementById('c'),ctx=canvas.getContext('2d');
    const colors={ok:'#4f7fd9',info:'#e8a33d',fail:'#c5c9d1'};
    const keySel=document.getElementById('key');
    const keys=[...new Set(D.ops.map(o=>o[7]).filter(k=>k!==null))];
    const bad=new Set(D.violations.map(v=>v.key));
    if(keys.length){keySel.innerHTML='<option value="">all keys</option>'+keys.map(k=>'<option'+(bad.has(k)?' style="color:#c62828"':'')+'>'+k.replace(/</g,'&lt;')+'</option>').join('');}else keySel.style.display='none';
    let ops=[],lanes=[],laneOf={},x0=0,x1=Math.max(1,D.events),pinned=null;
    const end=o=>o[2]<0?D.events:o[2];
    function select(){const k=keySel.value;ops=D.ops.filter(o=>!k||o[7]===k);lanes=[...new Set(ops.map(o=>o[0]))].sort((a,b)=>a-b);laneOf={};lanes.forEach((p,i)=>laneOf[p]=i);ops.sort((a,b)=>a[1]-b[1]);draw();}
    const violation=()=>D.violations.find(v=>!keySel.value||v.key===keySel.value);
    function X(e){return left+(e-x0)/(x1-x0)*(canvas.clientWidth-left-10);}
    function E(px){return x0+(px-left)/(canvas.clientWidth-left-10)*(x1-x0);}
    function draw(){
     const w=document.getElementById('wrap').clientWidth,h=laneTop+lanes.length*lane+(D.faults.length?24:10),r=window.devicePixelRatio||1;
     canvas.style.width=w+'px';canvas.style.height=h+'px';canvas.width=w*r;canvas.height=h*r;ctx.setTransform(r,0,0,r,0,0);
     ctx.clearRect(0,0,w,h);ctx.font='11px system-ui';
     for(const f of D.faults){if(f[1]<x0||f[0]>x1)continue;const fx=X(f[0]),fw=Math.max(2,X(f[1])-fx);ctx.fillStyle='#fde7e7';ctx.fillRect(fx,0,fw,h);ctx.fillStyle='#b3261e';ctx.fillText(f[2],Math.max(fx,left)+3,h-6,Math.max(20,fw-6));}
     ctx.fillStyle='#67707f';lanes.forEach((p,i)=>ctx.fillText('p'+p,6,laneTop+i*lane+13));
     const perEvent=(w-left-10)/(x1-x0);let step=1;for(const m of [1,2,5,10,20,50,100,200,500,1e3,2e3,5e3,1e4,2e4,5e4,1e5,2e5,5e5,1e6,2e6,5e6]){step=m;if(m*perEvent>=70)break;}
     for(let t=Math.ceil(x0/step)*step;t<=x1;t+=step){const x=X(t);ctx.fillStyle='#eef0f3';ctx.fillRect(x,laneTop-4,1,h);ctx.fillStyle='#8a93a2';ctx.fillText(String(t),x+2,12);}
     const v=violation();let drawn=0;
     for(const o of ops){if(o[1]>x1)break;if(end(o)<x0)continue;
      const y=laneTop+laneOf[o[0]]*lane+3,xa=X(o[1]),xb=Math.max(xa+2,X(end(o)));
      ctx.fillStyle=colors[o[3]];ctx.fillRect(xa,y,xb-xa,13);drawn++;
      if(v&&o[1]===v.invoke){ctx.strokeStyle='#c62828';ctx.lineWidth=3;ctx.strokeRect(xa-1,y-1,xb-xa+2,15);}
      if(pinned===o){ctx.strokeStyle='#1d2330';ctx.lineWidth=1.5;ctx.strokeRect(xa,y,xb-xa,13);}
      if(xb-xa>60){ctx.fillStyle='#fff';ctx.fillText(label(o),xa+3,y+10,xb-xa-5);}}
     drawLatency();
     if(v&&v.linearization.length){
      const byInvoke={};for(const o of ops)byInvoke[o[1]]=o;let last=-Infinity,pts=[];
      for(const p of v.linearization){const o=byInvoke[p[0]];if(!o)continue;const at=Math.min(end(o),Math.max(o[1],last));last=at+0.001;pts.push([X(at),laneTop+laneOf[o[0]]*lane+9]);}
      ctx.strokeStyle='rgba(29,35,48,.55)';ctx.lineWidth=1;ctx.beginPath();pts.forEach((p,i)=>i?ctx.lineTo(p[0],p[1]):ctx.moveTo(p[0],p[1]));ctx.stroke();
      ctx.fillStyle='#1d2330';for(const p of pts){ctx.beginPath();ctx.arc(p[0],p[1],3,0,7);ctx.fill();}}
    }
    const lat=document.getElementById('lat'),lctx=lat.getContext('2d'),palette=['#4f7fd9','#2e9e6b','#b5539b','#d9822b','#7a5cd6','#3aa6b9'];
    const fs=[...new Set(D.ops.map(o=>o[4]))],fColor={};fs.forEach((f,i)=>fColor[f]=palette[i%palette.length]);
    document.getElementById('latlegend').innerHTML=fs.map(f=>'<span style="background:'+fColor[f]+'"></span>'+f.replace(/</g,'&lt;')).join('');
    const lats=D.ops.map(o=>o[8]).filter(l=>l!==null&&l>0),lo=Math.max(0.001,Math.min(...lats,1)),hi=Math.max(...lats,lo*10);
    function drawLatency(){
     const w=document.getElementById('latwrap').clientWidth,h=170,r=window.devicePixelRatio||1,top=8,bottom=h-14;
     lat.style.width=w+'px';lat.style.height=h+'px';lat.width=w*r;lat.height=h*r;lctx.setTransform(r,0,0,r,0,0);
     lctx.clearRect(0,0,w,h);lctx.font='11px system-ui';
     lctx.fillStyle='#fde7e7';for(const f of D.faults){if(f[1]<x0||f[0]>x1)continue;lctx.fillRect(X(f[0]),0,Math.max(2,X(f[1])-X(f[0])),h);}
     const Y=l=>bottom-(Math.log10(Math.max(l,lo))-Math.log10(lo))/(Math.log10(hi)-Math.log10(lo))*(bottom-top);
     lctx.fillStyle='#8a93a2';lctx.fillText(hi.toPrecision(2)+' ms',6,top+8);
     for(let d=Math.pow(10,Math.floor(Math.log10(lo)));d<=hi*1.0001;d*=10){const y=Y(d);lctx.fillStyle='#eef0f3';lctx.fillRect(left,y,w-left-10,1);lctx.fillStyle='#8a93a2';lctx.fillText(d>=1?String(d):d.toPrecision(1),6,y+4);}
     for(const o of ops){if(o[1]>x1)break;if(o[1]<x0||o[8]===null)continue;lctx.fillStyle=fColor[o[4]];lctx.fillRect(X(o[1])-1.5,Y(o[8])-1.5,3,3);}
    }
    function label(o){return (o[3]==='fail'?'✗ ':'')+o[4]+(o[5]==='nil'?'':' '+o[5])+(o[3]==='ok'&&o[6]!==o[5]?' → '+o[6]:'');}
    function hit(ev){const b=canvas.getBoundingClientRect(),px=ev.clientX-b.left,l=Math.floor((ev.clientY-b.top-laneTop)/lane);if(l<0||l>=lanes.length)return null;const e=E(px),p=lanes[l];let best=null;for(const o of ops){if(o[1]>x1)break;if(o[0]===p&&o[1]<=e+(x1-x0)*0.003&&end(o)>=e-(x1-x0)*0.003)best=o;}return best;}
    function describe(o){const v=violation();let t='process '+o[0]+'  '+o[4]+'  '+o[5]+'\noutcome: '+o[3]+(o[3]==='ok'?'  result: '+o[6]:'')+'\nevents: '+o[1]+' → '+(o[2]<0?'never completed':o[2])+(o[8]!==null?'\nlatency: '+o[8]+' ms':'')+(o[7]!==null?'\nkey: '+o[7]:'');
     if(v){const i=v.linearization.findIndex(p=>p[0]===o[1]);if(i>=0)t+='\nlinearized #'+(i+1)+': '+v.linearization[i][1]+'  ⇒ state '+v.linearization[i][2];if(o[1]===v.invoke)t+='\n\nCANNOT BE LINEARIZED: '+v.step+'\npossible states just before:\n  '+v.states.join('\n  ');}return t;}
    const tip=document.getElementById('tip');let drag=null;
    canvas.addEventListener('mousemove',ev=>{if(drag){const dx=E(drag.px)-E(ev.clientX-canvas.getBoundingClientRect().left);x0=drag.x0+dx;x1=drag.x1+dx;draw();return;}const o=hit(ev);if(o){tip.style.display='block';tip.style.left=(ev.clientX+12)+'px';tip.style.top=(ev.clientY+12)+'px';tip.textContent=describe(o);}else tip.style.display='none';});
    canvas.addEventListener('mouseleave',()=>tip.style.display='none');
    canvas.addEventListener('mousedown',ev=>{drag={px:ev.clientX-canvas.getBoundingClientRect().left,x0,x1,moved:false};});
    window.addEventListener('mouseup',ev=>{if(drag&&Math.abs(drag.x0-x0)<1e-9){const o=hit(ev);if(o){pinned=o;document.getElementById('details').textContent=describe(o);draw();}}drag=null;});
    canvas.addEventListener('wheel',ev=>{ev.preventDefault();const b=canvas.getBoundingClientRect(),e=E(ev.clientX-b.left),f=ev.deltaY>0?1.25:0.8;x0=e-(e-x0)*f;x1=e+(x1-e)*f;if(x1-x0<4){x1=x0+4;}draw();},{passive:false});
    function fit(){x0=0;x1=Math.max(1,D.events);draw();}
    function focus(){const v=violation();if(!v)return fit();const o=ops.find(o=>o[1]===v.invoke);const c=o?o[1]:v.invoke,span=Math.min(Math.max(60,(o?end(o)-o[1]:0)*3),D.events);x0=c-span/2;x1=c+span/2;draw();}
    document.getElementById('fit').onclick=fit;document.getElementById('focus').onclick=focus;
    keySel.onchange=()=>{select();focus();};window.addEventListener('resize',draw);
    if(D.violations.length&&keys.length){keySel.value=D.violations[0].key||'';}
    select();D.violations.length?focus():fit();
    })();
    </script></body></html>
    """#
}
