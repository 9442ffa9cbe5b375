/**
 * The matmul worker's script (`matmul_worker.ts` with the kernels it runs),
 * bundled into one string by `tensor/kernels/wasm/build_worker.ts`; do not
 * edit. `matmul_threads.ts` starts workers from it.
 *
 * @module
 */

/** Source of a matmul worker, a plain script (4706 characters). */
export const WORKER_SOURCE: string =
  "var u=4,w=2,V=1024,H=65536,Q=131072,P=new Float64Array(0),v=new Float64Array(0);function W(t,o,c" +
  ",f,e,h,i){if(f<=0||e<=0||i<=0)return;if(h<=0){c.fill(0,0,f*e*i);return}let s=Math.ceil(h/V),l=Ma" +
  "th.ceil(h/s),B=Math.max(u,Math.floor(H/l/u)*u),n=Math.ceil(e/B),r=Math.ceil(Math.ceil(e/n)/u)*u," +
  "M=Math.max(w,Math.floor(Q/l/w)*w),A=Math.ceil(i/M),k=Math.ceil(Math.ceil(i/A)/w)*w;P.length<r*l&" +
  "&(P=new Float64Array(r*l)),v.length<k*l&&(v=new Float64Array(k*l));let[E,y,_]=t.strides,[T,C,R]=" +
  "o.strides,d=E===0&&n===1&&s===1,F=T===0&&A===1&&s===1;for(let a=0;a<f;a++){let g=t.offset+a*E,K=" +
  "o.offset+a*T,N=a*e*i;for(let L=0;L<i;L+=k){let O=Math.min(k,i-L);for(let S=0;S<h;S+=l){let b=Mat" +
  "h.min(l,h-S);(!F||a===0)&&Z(o.data,K+S*C+L*R,C,R,b,O,v);for(let x=0;x<e;x+=r){let I=Math.min(r,e" +
  "-x);(!d||a===0)&&X(t.data,g+x*y+S*_,y,_,I,b,P),j(P,v,c,N+x*i+L,i,I,b,O,S>0)}}}}}function X(t,o,c" +
  ",f,e,h,i){for(let s=0;s<e;s+=u){let l=Math.min(u,e-s),B=s*h;if(Math.abs(f)<=Math.abs(c))for(let " +
  "n=0;n<l;n++){let r=o+(s+n)*c;for(let M=0,A=B+n;M<h;M++,A+=u,r+=f)i[A]=t[r]}else for(let n=0;n<h;" +
  "n++){let r=o+s*c+n*f,M=B+n*u;for(let A=0;A<l;A++)i[M+A]=t[r+A*c]}if(l<u)for(let n=0;n<h;n++)for(" +
  "let r=l;r<u;r++)i[B+n*u+r]=0}}function Z(t,o,c,f,e,h,i){for(let s=0;s<h;s+=w){let l=Math.min(w,h" +
  "-s),B=s*e;if(l===w){let n=o+s*f;for(let r=0,M=B;r<e;r++,M+=w,n+=c)i[M]=t[n],i[M+1]=t[n+f]}else{l" +
  "et n=o+s*f;for(let r=0,M=B;r<e;r++,M+=w,n+=c)i[M]=t[n],i[M+1]=0}}}function j(t,o,c,f,e,h,i,s,l){" +
  "for(let B=0;B<s;B+=w){let n=B*i,r=s-B;for(let M=0;M<h;M+=u){let A=M*i,k=n,E=0,y=0,_=0,T=0,C=0,R=" +
  "0,d=0,F=0;for(let K=0;K<i;K++){let N=t[A],L=t[A+1],O=t[A+2],S=t[A+3],b=o[k],x=o[k+1];E+=N*b,y+=N" +
  "*x,_+=L*b,T+=L*x,C+=O*b,R+=O*x,d+=S*b,F+=S*x,A+=u,k+=w}let a=f+M*e+B,g=h-M;g>=u&&r>=w?l?(c[a]+=E" +
  ",c[a+1]+=y,c[a+e]+=_,c[a+e+1]+=T,c[a+2*e]+=C,c[a+2*e+1]+=R,c[a+3*e]+=d,c[a+3*e+1]+=F):(c[a]=E,c[" +
  "a+1]=y,c[a+e]=_,c[a+e+1]=T,c[a+2*e]=C,c[a+2*e+1]=R,c[a+3*e]=d,c[a+3*e+1]=F):p(c,a,e,g,r,l,E,y,_," +
  "T,C,R,d,F)}}}function p(t,o,c,f,e,h,i,s,l,B,n,r,M,A){for(let k=0;k<f&&k<u;k++){let E=k===0?i:k==" +
  "=1?l:k===2?n:M,y=k===0?s:k===1?B:k===2?r:A,_=o+k*c;t[_]=h?t[_]+E:E,e>=w&&(t[_+1]=h?t[_+1]+y:y)}}" +
  "function tt(t,o,c,f){let e=t?4:8,h=t?8:4,i=Math.ceil(c/512),s=Math.ceil(c/i),l=Math.max(4,Math.f" +
  "loor(262144/e/s/4)*4),B=Math.ceil(o/l),n=Math.ceil(Math.ceil(o/B)/4)*4,r=Math.max(h,Math.floor(1" +
  "048576/e/s/h)*h),M=Math.ceil(f/r),A=Math.ceil(Math.ceil(f/M)/h)*h;return{kc:s,kBlocks:i,mc:n,mBl" +
  "ocks:B,nc:A,nBlocks:M}}function Y(t,o){let{single:c,m:f,k:e,n:h}=o,i=c?4:8,s=c?t.pack_a_f32:t.pa" +
  "ck_a_f64,l=c?t.pack_b_f32:t.pack_b_f64,B=c?t.gemm_f32:t.gemm_f64,{kc:n,kBlocks:r,mc:M,mBlocks:A," +
  "nc:k,nBlocks:E}=tt(c,f,e,h),[y,_,T]=o.aStrides,[C,R,d]=o.bStrides,F=y===0&&A===1&&r===1,a=C===0&" +
  "&E===1&&r===1;for(let g=0;g<o.batch;g++){let K=o.a+g*y*i,N=o.b+g*C*i,L=o.c+g*o.cBatch*i;for(let " +
  "O=0;O<h;O+=k){let S=Math.min(k,h-O);for(let b=0;b<e;b+=n){let x=Math.min(n,e-b);(!a||g===0)&&l(N" +
  "+(b*R+O*d)*i,R,d,x,S,o.packB);for(let I=0;I<f;I+=M){let m=Math.min(M,f-I);(!F||g===0)&&s(K+(I*_+" +
  "b*T)*i,_,T,m,x,o.packA),B(o.packA,o.packB,L+(I*o.ldc+O)*i,m,x,S,o.ldc,+(b>0))}}}}}var D={STARTIN" +
  "G:0,IDLE:1,RUN:2,DONE:3,FAILED:4},J=256,$=32,ct=J-2;function ot(t,o,c){return{words:new Int32Arr" +
  "ay(t,c*J*4,J),params:new Float64Array(t,o*J*4+c*$*8,$)}}var nt=1;function et(t){return{single:t[" +
  "1]===1,batch:t[2],m:t[3],k:t[4],n:t[5],a:t[6],aStrides:[t[7],t[8],t[9]],b:t[10],bStrides:[t[11]," +
  "t[12],t[13]],c:t[14],cBatch:t[15],ldc:t[16],packA:t[17],packB:t[18]}}function z(t,o,c,f){return " +
  "o===0?new Float32Array(t,c,f):new Float64Array(t,c,f)}function st(t,o){let c=l=>({data:z(o,t[l]," +
  "t[l+1],t[l+2]),offset:t[l+3],strides:[t[l+4],t[l+5],t[l+6]]}),[f,e,h,i]=[t[17],t[18],t[19],t[20]" +
  "],s=z(o,t[15],t[16],f*e*i);W(c(1),c(8),s,f,e,h,i)}function it(t,o,c){if(t[0]===nt)return st(t,o." +
  'buffer);if(c===null)throw new Error("internal: a wasm job reached a worker without kernels");Y(c' +
  ",et(t))}function G(t,o){let c=Math.min(o.length,ct);t[1]=c;for(let f=0;f<c;f++)t[2+f]=o.charCode" +
  "At(f)}function U(t){let{control:o,memory:c,module:f,workers:e,slot:h,stackTop:i}=t,{words:s,para" +
  "ms:l}=ot(o,e,h),B=null;try{if(f!==null){let n=new WebAssembly.Instance(f,{env:{memory:c}}).expor" +
  "ts;n.__stack_pointer.value=i,B=n}}catch(n){G(s,n instanceof Error?`${n.name}: ${n.message}`:Stri" +
  "ng(n)),Atomics.store(s,0,D.FAILED),Atomics.notify(s,0);return}for(Atomics.store(s,0,D.IDLE),Atom" +
  "ics.notify(s,0);;){let n=Atomics.load(s,0);for(;n!==D.RUN;)Atomics.wait(s,0,n),n=Atomics.load(s," +
  "0);try{it(l,c,B),Atomics.store(s,0,D.DONE)}catch(r){G(s,r instanceof Error?`${r.name}: ${r.messa" +
  'ge}`:String(r)),Atomics.store(s,0,D.FAILED)}Atomics.notify(s,0)}}var ft="__nablaMatmulParentPort' +
  '";function q(){let t=globalThis,o=t[ft];o!==void 0?o.on("message",U):t.onmessage=c=>U(c.data)}q(' +
  ");";
