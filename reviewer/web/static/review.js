// The 审查 page: drag and drop onto the zone, and the upload sent with a progress bar.
// Without JavaScript the same form posts normally and the browser shows its own progress.
(function () {
  var form = document.getElementById('upload');
  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
  var input = document.getElementById('files');
  var drop = document.getElementById('drop');
  var chosen = document.getElementById('chosen');
  var progress = document.getElementById('progress');
  var fill = progress.querySelector('.fill');
  var status = progress.querySelector('.status');
  var error = document.getElementById('error');
  var start = document.getElementById('start');
  var dropped = null;  // files dropped where the browser cannot put them into the input

  function list(files) {
    chosen.textContent = '';
    Array.prototype.forEach.call(files, function (f) {
      var li = document.createElement('li');
      li.textContent = f.name + '（' + Math.max(1, Math.round(f.size / 1024)) + ' KB）';  // text, never HTML
      chosen.appendChild(li);
    });
  }
  function fail(text) {
    progress.hidden = true;
    start.disabled = false;
    error.textContent = text;
    error.hidden = false;
  }

  input.addEventListener('change', function () { dropped = null; list(input.files); });
  ['dragenter', 'dragover'].forEach(function (ev) {
    drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.add('over'); });
  });
  ['dragleave', 'drop'].forEach(function (ev) {
    drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.remove('over'); });
  });
  drop.addEventListener('drop', function (e) {
    var files = e.dataTransfer && e.dataTransfer.files;
    if (!files || !files.length) { return; }
    try { input.files = files; dropped = null; } catch (err) { dropped = files; }
    list(files);
  });

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var files = dropped || input.files;
    if (!files || !files.length) { fail('请先选择或拖入要审查的文件。'); return; }
    var data = new FormData();
    data.append('csrf', form.elements.csrf.value);
    Array.prototype.forEach.call(files, function (f) { data.append('files', f, f.name); });
    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.setRequestHeader('X-CSRF-Token', form.elements.csrf.value);
    error.hidden = true;
    start.disabled = true;
    progress.hidden = false;
    progress.classList.remove('working');
    fill.style.width = '0';
    status.textContent = '正在上传……';
    xhr.upload.addEventListener('progress', function (ev) {
      if (ev.lengthComputable) {
        fill.style.width = Math.round(ev.loaded * 100 / ev.total) + '%';
        status.textContent = '正在上传 ' + Math.round(ev.loaded * 100 / ev.total) + '%';
      }
    });
    xhr.upload.addEventListener('load', function () {
      progress.classList.add('working');
      fill.style.width = '';
      status.textContent = '已上传，正在审查，请稍候……';
    });
    xhr.addEventListener('load', function () {
      // the server answers a finished review with a redirect to its result page
      if (xhr.status === 200 && /\/review\/[A-Za-z0-9_-]{20,}$/.test(xhr.responseURL)) {
        status.textContent = '审查完成，正在打开结果……';
        window.location.assign(xhr.responseURL);
        return;
      }
      var doc = new DOMParser().parseFromString(xhr.responseText || '', 'text/html');
      var msg = doc.querySelector('.message');
      fail(msg ? msg.textContent : '审查没有完成（服务器返回 ' + xhr.status + '），请重试。');
    });
    xhr.addEventListener('error', function () { fail('无法连接工作台，请确认它仍在运行后重试。'); });
    xhr.send(data);
  });
})();
